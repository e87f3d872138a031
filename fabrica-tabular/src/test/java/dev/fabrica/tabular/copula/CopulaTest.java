package dev.fabrica.tabular.copula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Tables;
import dev.fabrica.tabular.constraint.Constraint;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopulaTest {
  private static final Table DATA = Tables.mixed(600, 11);

  private static CopulaModel fit(Metadata meta) {
    return CopulaSynthesizer.fit(DATA, meta, CopulaConfig.defaults());
  }

  private static Metadata withConstraints(Constraint... cs) {
    Metadata m = Metadata.detect(DATA);
    return new Metadata(m.columns(), List.of(cs));
  }

  @Test
  void samples_keep_ranges_rounding_and_categories() {
    CopulaModel model = fit(Metadata.detect(DATA));
    Table s = model.sample(2000, 1, Map.of());
    assertThat(s.size()).isEqualTo(2000);
    assertThat(s.names()).isEqualTo(DATA.names());
    Set<Object> segments = new HashSet<>(DATA.column(3));
    long minAge = DATA.column(1).stream().mapToLong(v -> (Long) v).min().orElseThrow();
    long maxAge = DATA.column(1).stream().mapToLong(v -> (Long) v).max().orElseThrow();
    for (int i = 0; i < s.size(); i++) {
      Object[] r = s.rows().get(i);
      assertThat(r[0]).isEqualTo((long) (i + 1)); // fresh ids
      assertThat(r[1]).isInstanceOf(Long.class);
      assertThat((Long) r[1]).isBetween(minAge, maxAge);
      double income = (Double) r[2];
      assertThat(Math.round(income * 100) / 100.0).isEqualTo(income); // two decimals
      assertThat(segments).contains(r[3]);
      assertThat(r[4]).isInstanceOf(Boolean.class);
      assertThat((String) r[5]).matches("2024-03-\\d\\d");
      assertThat((String) r[7]).isNotBlank();
    }
  }

  @Test
  void same_seed_same_rows_other_seed_other_rows() {
    CopulaModel model = fit(Metadata.detect(DATA));
    List<Object[]> a = model.sample(300, 7, Map.of()).rows();
    List<Object[]> b = model.sample(300, 7, Map.of()).rows();
    List<Object[]> c = model.sample(300, 8, Map.of()).rows();
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).containsExactly(b.get(i));
    }
    assertThat(a.get(0)).isNotEqualTo(c.get(0));
    // fitting twice with one seed gives one model
    assertThat(fit(Metadata.detect(DATA)).sample(50, 7, Map.of()).rows().get(49)).containsExactly(a.get(49));
  }

  @Test
  void keeps_the_correlation_and_the_frequencies() {
    CopulaModel model = fit(Metadata.detect(DATA));
    Table s = model.sample(5000, 2, Map.of());
    assertThat(corr(s, 1, 2)).isCloseTo(corr(DATA, 1, 2), within(0.05));
    assertThat(share(s, 3, "a")).isCloseTo(share(DATA, 3, "a"), within(0.03));
    assertThat(share(s, 3, "c")).isCloseTo(share(DATA, 3, "c"), within(0.03));
    // segment b is older by about 10 years, and the copula knows
    assertThat(meanWhere(s, 1, 3, "b") - meanWhere(s, 1, 3, "a")).isCloseTo(
        meanWhere(DATA, 1, 3, "b") - meanWhere(DATA, 1, 3, "a"), within(3.0));
  }

  @Test
  void where_fixes_a_category_and_shifts_the_other_columns() {
    CopulaModel model = fit(Metadata.detect(DATA));
    Table b = model.sample(2000, 3, Map.of("segment", "b"));
    assertThat(b.column(3)).containsOnly("b");
    assertThat(mean(b, 1)).isCloseTo(meanWhere(DATA, 1, 3, "b"), within(2.0));
    Table old = model.sample(1000, 3, Map.of("age", "60"));
    assertThat(old.column(1)).containsOnly(60L);
    assertThat(mean(old, 2)).isCloseTo(60_000, within(3_000.0)); // income = 1000 age + noise
    Table both = model.sample(500, 3, Map.of("segment", "c", "member", "true"));
    assertThat(both.column(3)).containsOnly("c");
    assertThat(both.column(4)).containsOnly(true);
  }

  @Test
  void where_errors_name_the_column_and_the_values() {
    CopulaModel model = fit(Metadata.detect(DATA));
    assertThatThrownBy(() -> model.sample(5, 1, Map.of("segmnt", "a"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("--where segmnt=a: unknown column");
    assertThatThrownBy(() -> model.sample(5, 1, Map.of("segment", "z")))
        .hasMessageContaining("'segment' has no value 'z'").hasMessageContaining("values: a, b, c");
    assertThatThrownBy(() -> model.sample(5, 1, Map.of("age", "200"))).hasMessageContaining("outside the range");
    assertThatThrownBy(() -> model.sample(5, 1, Map.of("note", "x"))).hasMessageContaining("is text");
  }

  @Test
  void inequality_and_range_always_hold() {
    CopulaModel model = fit(withConstraints(new Constraint.Inequality("start", "end", false)));
    Table s = model.sample(3000, 4, Map.of());
    for (Object[] r : s.rows()) {
      assertThat(((String) r[5]).compareTo((String) r[6])).isLessThanOrEqualTo(0);
    }
    // a range the data do not all satisfy is refused at fit time, naming the rule
    assertThatThrownBy(() -> fit(withConstraints(new Constraint.ValueRange("age", 25.0, 70.0))))
        .isInstanceOf(BadInputException.class).hasMessageContaining("25.0 <= age <= 70.0")
        .hasMessageContaining("rows of mixed.csv break it");
    // a range that holds is kept in every sample, also under --where
    CopulaModel ranged = fit(withConstraints(new Constraint.ValueRange("income", -1e9, 2e5)));
    assertThat(ranged.sample(500, 5, Map.of("segment", "b")).column(2)).allMatch(v -> (Double) v <= 2e5);
  }

  @Test
  void rejection_that_cannot_succeed_fails_naming_the_constraint() {
    // start <= end cannot hold with --where fixing the end before the start
    CopulaModel model = fit(withConstraints(new Constraint.Inequality("start", "end", false)));
    assertThatThrownBy(() -> model.sample(10, 1, Map.of("start", "2024-03-10", "end", "2024-03-04")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("constraint start <= end");
  }

  @Test
  void fixed_combinations_only_produce_seen_combinations() {
    List<Object[]> rows = new ArrayList<>();
    String[][] places = {{"Paris", "France"}, {"Lyon", "France"}, {"Berlin", "Germany"}, {"Munich", "Germany"}, {"Rome", "Italy"}};
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int i = 0; i < 400; i++) {
      String[] p = places[r.nextInt(places.length)];
      rows.add(new Object[] {p[0], p[1], 20.0 + r.nextGaussian()});
    }
    Table t = new Table("places.csv", List.of("city", "country", "temp"), rows);
    Metadata m = Metadata.detect(t);
    Metadata fixed = new Metadata(m.columns(), List.of(new Constraint.FixedCombinations(List.of("city", "country"))));
    CopulaModel model = CopulaSynthesizer.fit(t, fixed, CopulaConfig.defaults());
    Set<String> seen = Set.of("Paris/France", "Lyon/France", "Berlin/Germany", "Munich/Germany", "Rome/Italy");
    for (Object[] row : model.sample(3000, 9, Map.of()).rows()) {
      assertThat(seen).contains(row[0] + "/" + row[1]);
    }
    Table german = model.sample(500, 9, Map.of("country", "Germany"));
    assertThat(german.column(0)).containsOnly("Berlin", "Munich");
    // without the constraint the copula mixes them
    CopulaModel free = CopulaSynthesizer.fit(t, m, CopulaConfig.defaults());
    assertThat(free.sample(3000, 9, Map.of()).rows()).anyMatch(row -> !seen.contains(row[0] + "/" + row[1]));
  }

  @Test
  void save_and_load_give_the_same_samples(@TempDir Path dir) {
    CopulaModel model = fit(withConstraints(new Constraint.Inequality("start", "end", false)));
    model.save(dir);
    CopulaModel back = CopulaModel.load(dir);
    assertThat(back.marginals()).isEqualTo(model.marginals());
    List<Object[]> a = model.sample(200, 3, Map.of("segment", "a")).rows();
    List<Object[]> b = back.sample(200, 3, Map.of("segment", "a")).rows();
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).containsExactly(a.get(i));
    }
  }

  @Test
  void rows_stream_the_samples_rows_with_ids_from_the_first_given_and_json_rebuilds_the_model() throws Exception {
    CopulaModel model = fit(withConstraints(new Constraint.Inequality("start", "end", false)));
    List<Object[]> a = model.sample(500, 4, Map.of("member", "true")).rows();
    CopulaModel copy = CopulaModel.fromJson(Metadata.fromJson(viaText(model.metadata().toJson()), "metadata.json"),
        viaText(model.toJson()), "model.json");
    java.util.Iterator<Object[]> b = copy.rows(500, 4, Map.of("member", "true"), 1001);
    for (int i = 0; i < a.size(); i++) {
      Object[] row = b.next();
      assertThat(row[0]).isEqualTo(1001L + i);
      assertThat(java.util.Arrays.copyOfRange(row, 1, row.length)).containsExactly(java.util.Arrays.copyOfRange(a.get(i), 1, row.length));
    }
    assertThat(b.hasNext()).isFalse();
    assertThat(copy.categories(3)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(copy.categories(4)).containsExactlyInAnyOrder(true, false);
    assertThat(copy.categories(1)).as("a numerical column").isEmpty();
  }

  /** JSON text and back, as a model sent to another machine travels. */
  private static Map<String, Object> viaText(Map<String, Object> json) throws Exception {
    return dev.fabrica.core.Json.MAPPER.readValue(dev.fabrica.core.Json.MAPPER.writeValueAsString(json),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
  }

  @Test
  void missing_cells_are_sampled_at_their_rate() {
    List<Object[]> rows = new ArrayList<>();
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      rows.add(new Object[] {r.nextDouble() < 0.2 ? null : r.nextGaussian(), r.nextDouble() < 0.1 ? null : (r.nextBoolean() ? "x" : "y")});
    }
    Table t = new Table("gaps.csv", List.of("v", "c"), rows);
    CopulaModel model = CopulaSynthesizer.fit(t, Metadata.detect(t), CopulaConfig.defaults());
    Table s = model.sample(5000, 1, Map.of());
    assertThat(s.column(0).stream().filter(v -> v == null).count() / 5000.0).isCloseTo(0.2, within(0.03));
    assertThat(s.column(1).stream().filter(v -> v == null).count() / 5000.0).isCloseTo(0.1, within(0.03));
  }

  static double corr(Table t, int a, int b) {
    double[] x = t.column(a).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    double[] y = t.column(b).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    return CopulaSynthesizer.pearson(x, y);
  }

  static double share(Table t, int c, Object v) {
    return t.column(c).stream().filter(v::equals).count() / (double) t.size();
  }

  static double mean(Table t, int c) {
    return t.column(c).stream().mapToDouble(v -> ((Number) v).doubleValue()).average().orElseThrow();
  }

  static double meanWhere(Table t, int c, int by, Object v) {
    return t.rows().stream().filter(r -> v.equals(r[by])).mapToDouble(r -> ((Number) r[c]).doubleValue()).average().orElseThrow();
  }
}
