package dev.fabrica.neural.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --where} on numerical columns of TVAE and CTGAN runs: rejection with a bounded budget. */
class WhereRowsTest {
  private static Object[] commonest(List<Object[]> rows, java.util.function.Function<Object[], List<Object>> key) {
    Map<List<Object>, Long> counts = rows.stream().collect(java.util.stream.Collectors.groupingBy(key, java.util.stream.Collectors.counting()));
    List<Object> best = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return rows.stream().filter(r -> key.apply(r).equals(best)).findFirst().orElseThrow();
  }

  /** group a or b; count a whole number 0..24 that follows the group; x uniform on [0, 100] with 3 decimals. */
  static Table table(int n) {
    SplittableRandom r = new SplittableRandom(11);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean b = r.nextDouble() < 0.5;
      long count = Math.max(0, Math.min(24, Math.round((b ? 16 : 7) + 3 * r.nextGaussian())));
      rows.add(new Object[] {b ? "b" : "a", count, Math.round(r.nextDouble() * 100_000) / 1000.0});
    }
    return new Table("where.csv", List.of("group", "count", "x"), rows);
  }

  @Test
  void the_table_has_the_column_kinds_the_tests_need() {
    Metadata meta = Metadata.detect(table(300));
    assertThat(meta.columns()).extracting(c -> c.kind())
        .containsExactly(ColumnKind.CATEGORICAL, ColumnKind.NUMERICAL, ColumnKind.NUMERICAL);
    assertThat(meta.columns().get(2).decimals()).isEqualTo(3);
  }

  /** A generator of rows whose count is 6 in one row of every {@code period} (group a), else 7. */
  private static java.util.function.IntFunction<List<Object[]>> oneIn(int period, long[] drawn) {
    return b -> {
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        rows.add(new Object[] {"a", drawn[0]++ % period == 0 ? 6L : 7L, 1.0});
      }
      return rows;
    };
  }

  @Test
  void rejection_gives_up_below_one_match_in_a_thousand_after_100000_draws() {
    Table t = table(300);
    WhereRows where = new WhereRows("ctgan", dev.fabrica.tabular.transform.DataTransformer.fit(t, Metadata.detect(t), 1), Map.of("count", "6"));
    long[] drawn = {0};
    List<Object[]> rows = where.draw(40, 1000, oneIn(500, drawn)); // the 40th match is draw 19,501
    assertThat(rows).hasSize(40).allMatch(r -> r[1].equals(6L));
    assertThat(drawn[0]).isEqualTo(20_000);
    long[] rare = {0};
    assertThatThrownBy(() -> where.draw(60, 1000, oneIn(2000, rare)))
        .isInstanceOf(BadInputException.class)
        .hasMessage("--where count=6: only 50 of 100,000 rows the ctgan drew match, an acceptance rate of 0.050%, below the 0.10%"
            + " that sampling by rejection needs. Loosen the condition (a number must come out exactly, at the column's rounding),"
            + " or sample a copula run, which fixes numbers exactly");
    // at one in 800, 200 rows need more than 100,000 draws: they are drawn on
    long[] many = {0};
    assertThat(where.draw(200, 1000, oneIn(800, many))).hasSize(200);
    assertThat(many[0]).isEqualTo(160_000);
  }

  @Test
  void a_ctgan_run_honours_numerical_conditions_in_every_row(@TempDir Path dir) {
    Table t = table(300);
    try (CtganModel m = CtganModel.train(t, Metadata.detect(t), CtganConfig.tiny().withEpochs(10).withDiscriminatorSteps(1), dir, 1, Reporter.silent())) {
      checkConditions(m);
    }
  }

  @Test
  void a_tvae_run_honours_numerical_conditions_in_every_row(@TempDir Path dir) {
    Table t = table(300);
    try (TvaeModel m = TvaeModel.train(t, Metadata.detect(t), TvaeConfig.tiny().withEpochs(10), dir, 1, Reporter.silent())) {
      checkConditions(m);
    }
  }

  private static void checkConditions(TabularModel m) {
    String name = m.synthesizer();
    // condition on the commonest count and (group, count) of unconditioned rows, so that how well
    // the tiny run learnt the table does not matter, only that the conditions hold
    List<Object[]> free = m.sample(500, 1, Map.of()).rows();
    Object[] common = commonest(free, r -> List.of(r[1]));
    Object[] commonPair = commonest(free, r -> List.of(r[0], r[1]));
    String count = common[1].toString();
    Table rows = m.sample(40, 3, Map.of("count", count));
    assertThat(rows.size()).isEqualTo(40);
    assertThat(rows.column(1)).as(name).containsOnly(common[1]);

    Table both = m.sample(40, 3, Map.of("group", commonPair[0].toString(), "count", commonPair[1] + ".0"));
    assertThat(both.size()).isEqualTo(40);
    assertThat(both.rows()).as(name).allMatch(r -> r[0].equals(commonPair[0]) && r[1].equals(commonPair[1]));

    // seeded: the same rows again, other rows with another seed
    List<Object[]> again = m.sample(40, 3, Map.of("count", count)).rows();
    for (int i = 0; i < 40; i++) {
      assertThat(again.get(i)).containsExactly(rows.rows().get(i));
    }
    assertThat(m.sample(40, 4, Map.of("count", count)).column(2)).isNotEqualTo(rows.column(2));

    // a value with three decimals out of a hundred units is about one draw in 100,000
    assertThatThrownBy(() -> m.sample(10, 3, Map.of("x", "50.123")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--where x=50.123: only ")
        .hasMessageContaining(" rows the " + name + " drew match, an acceptance rate of ")
        .hasMessageContaining("below the 0.10% that sampling by rejection needs")
        .hasMessageContaining("sample a copula run");
    assertThatThrownBy(() -> m.sample(10, 3, Map.of("count", "40")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--where count=40: outside the range seen in training (");
    assertThatThrownBy(() -> m.sample(10, 3, Map.of("count", "many")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("--where count=many: 'many' is not a number");
    assertThatThrownBy(() -> m.sample(10, 3, Map.of("size", "3")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("unknown column 'size'");
  }
}
