package dev.fabrica.data.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.PrepFixture;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.stats.DatasetStats;
import dev.fabrica.data.stats.Scaler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepsTest {
  @TempDir Path tmp;

  private PrepFixture fx() {
    return new PrepFixture(tmp);
  }

  private static String recipe(String input, String steps) {
    return "input: {path: " + input + "}\nsteps:\n" + steps + "output: {dir: out, formats: [csv]}\n";
  }

  @Test
  void dedupe_keeps_the_first_of_rows_equal_on_the_listed_columns() {
    PrepFixture fx = fx();
    fx.write("a.csv", "id,text\n1,a\n2,b\n3,a\n4,\n5,\n");
    fx.run(recipe("a.csv", "  - dedupe: {columns: [text]}\n"));
    assertThat(fx.lines("out/data.csv")).containsExactly("id,text", "1,a", "2,b", "4,");
  }

  @Test
  void dedupe_on_all_columns_needs_every_cell_equal() {
    PrepFixture fx = fx();
    fx.write("a.csv", "x,y\na,bc\nab,c\na,bc\n");
    PrepReport r = fx.run(recipe("a.csv", "  - dedupe: {}\n"));
    assertThat(fx.lines("out/data.csv")).containsExactly("x,y", "a,bc", "ab,c");
    assertThat(firstStep(r)).containsEntry("duplicates_dropped", 1L);
  }

  @Test
  void fill_missing_uses_constants_mean_median_and_mode_on_all_rows_without_a_split() {
    PrepFixture fx = fx();
    fx.write("a.csv", "t,m,d,c\nx,1,1,b\n,2,2,a\ny,,10,a\nz,6,,b\nw,1,3,\n");
    PrepReport r = fx.run(recipe("a.csv", "  - fill_missing: {t: unknown, m: mean, d: median, c: mode}\n"));
    // mean of 1,2,6,1 = 2.5; median of 1,2,10,3 = 2.5; mode of b,a,a,b: tie -> smallest, a
    assertThat(fx.lines("out/data.csv")).containsExactly(
        "t,m,d,c", "x,1,1,b", "unknown,2,2,a", "y,2.5,10,a", "z,6,2.5,b", "w,1,3,a");
    @SuppressWarnings("unchecked")
    Map<String, Object> filled = (Map<String, Object>) firstStep(r).get("filled");
    assertThat(filled.get("m")).isEqualTo(Map.of("strategy", "mean", "value", 2.5, "filled", 1L));
    assertThat(firstStep(r).get("fitted_on")).asString().startsWith("all rows");
  }

  @Test
  void fill_missing_after_a_split_fits_on_the_train_split_only() {
    PrepFixture fx = fx();
    StringBuilder csv = new StringBuilder("id,v\n");
    for (int i = 1; i <= 20; i++) {
      csv.append(i).append(',').append(i == 20 ? "" : String.valueOf(i)).append('\n');
    }
    fx.write("a.csv", csv.toString());
    PrepReport r = fx.run(recipe("a.csv", "  - split: {train: 0.5, val: 0.25, test: 0.25, seed: 1}\n  - fill_missing: {v: mean}\n"));
    @SuppressWarnings("unchecked")
    Map<String, Object> fill = (Map<String, Object>) ((List<Map<String, Object>>) r.report().get("steps")).get(1);
    assertThat(fill.get("fitted_on")).isEqualTo("train split");
    // the train rows that were not missing: ids 1..19 carry their own value, row 20 was filled
    double trainMean = fx.lines("out/train.csv").stream().skip(1).map(l -> l.split(","))
        .filter(f -> !f[0].equals("20")).mapToLong(f -> Long.parseLong(f[1])).average().orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> v = (Map<String, Object>) ((Map<String, Object>) fill.get("filled")).get("v");
    assertThat((double) v.get("value")).isCloseTo(trainMean, org.assertj.core.data.Offset.offset(1e-12));
    assertThat((double) v.get("value")).isNotEqualTo(10.0); // the mean of all 19 values
  }

  @Test
  void drop_missing_drops_rows_missing_any_listed_column() {
    PrepFixture fx = fx();
    fx.write("a.csv", "a,b,c\n1,,x\n,2,y\n3,4,\n5,6,z\n");
    fx.run(recipe("a.csv", "  - drop_missing: {columns: [a, b]}\n"));
    assertThat(fx.lines("out/data.csv")).containsExactly("a,b,c", "3,4,", "5,6,z");
    fx.run(recipe("a.csv", "  - drop_missing: {}\n"), true);
    assertThat(fx.lines("out/data.csv")).containsExactly("a,b,c", "5,6,z");
  }

  @Test
  void label_renames_maps_and_selects_into_text_label_csv_and_json() {
    PrepFixture fx = fx();
    fx.write("a.csv", "review,stars,other\ngood,5,x\nbad,1,y\nso so,3,z\n");
    fx.run("""
        input: {path: a.csv}
        steps:
          - label: {column: stars, map: {'5': positive, '1': negative}, unmapped: drop, text: review}
          - select: {columns: [text, label]}
        output: {dir: out, formats: [csv, json]}
        """);
    assertThat(fx.lines("out/data.csv")).containsExactly("text,label", "good,positive", "bad,negative");
    assertThat(fx.read("out/data.json"))
        .isEqualTo("[\n{\"text\":\"good\",\"label\":\"positive\"},\n{\"text\":\"bad\",\"label\":\"negative\"}\n]\n");
  }

  @Test
  void split_sizes_follow_the_largest_remainder_rule() {
    assertThat(SplitStep.sizes(10, new double[] {0.7, 0.15, 0.15})).containsExactly(7, 2, 1);
    assertThat(SplitStep.sizes(100, new double[] {0.7, 0.15, 0.15})).containsExactly(70, 15, 15);
    assertThat(SplitStep.sizes(7, new double[] {0.7, 0.15, 0.15})).containsExactly(5, 1, 1);
    assertThat(SplitStep.sizes(1, new double[] {0.7, 0.15, 0.15})).containsExactly(1, 0, 0);
    assertThat(SplitStep.sizes(1_000_003, new double[] {0.8, 0.1, 0.1})).containsExactly(800_003, 100_000, 100_000);
  }

  @Test
  void stratified_split_keeps_label_proportions_in_every_split() {
    PrepFixture fx = fx();
    StringBuilder csv = new StringBuilder("id,label\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i).append(',').append(i % 4 == 0 ? "rare" : "common").append('\n');
    }
    fx.write("a.csv", csv.toString());
    PrepReport r = fx.run(recipe("a.csv", "  - split: {train: 0.7, val: 0.15, test: 0.15, stratify: label}\n"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Long>> counts = (Map<String, Map<String, Long>>) r.report().get("label_counts");
    assertThat(counts.get("train")).isEqualTo(Map.of("common", 105L, "rare", 35L));
    // 150 common: 105 / 22.5 / 22.5 -> the leftover row goes to val (ties favour val over test); 50 rare likewise
    assertThat(counts.get("val")).isEqualTo(Map.of("common", 23L, "rare", 8L));
    assertThat(counts.get("test")).isEqualTo(Map.of("common", 22L, "rare", 7L));
  }

  @Test
  void split_fractions_that_do_not_sum_to_one_are_rejected() {
    PrepFixture fx = fx();
    fx.write("a.csv", "a\n1\n");
    assertThatThrownBy(() -> fx.run(recipe("a.csv", "  - split: {train: 0.7, val: 0.2, test: 0.2}\n")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("recipe.yaml: steps[0].split: fractions must sum to 1, got train 0.7 + val 0.2 + test 0.2 = 1.1");
    assertThat(fx.exists("out")).isFalse();
  }

  @Test
  void standard_normalize_matches_scikit_learn_population_statistics_and_inverts() {
    PrepFixture fx = fx();
    fx.write("a.csv", "x,y\n1,10\n2,\n3,30\n4,40\n");
    PrepReport r = fx.run(recipe("a.csv", "  - normalize: {columns: [x, y]}\n"));
    // x: mean 2.5, population std sqrt(1.25); y: 10,30,40 -> mean 26.667, std sqrt(155.56)
    double sx = Math.sqrt(1.25);
    List<String> lines = fx.lines("out/data.csv");
    assertThat(Double.parseDouble(lines.get(1).split(",")[0])).isCloseTo((1 - 2.5) / sx, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(lines.get(2)).endsWith(","); // missing stays missing
    DatasetStats stats = DatasetStats.read(tmp.resolve("out"));
    Scaler s = stats.scaler("y").orElseThrow();
    assertThat(s.offset()).isCloseTo(80.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(s.scale()).isCloseTo(Math.sqrt((Math.pow(10 - 80.0 / 3, 2) + Math.pow(30 - 80.0 / 3, 2) + Math.pow(40 - 80.0 / 3, 2)) / 3),
        org.assertj.core.data.Offset.offset(1e-12));
    double yNorm = Double.parseDouble(lines.get(4).split(",")[1]);
    assertThat(stats.denormalize("y", yNorm)).isCloseTo(40, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.stats()).containsKey("scalers");
  }

  @Test
  void minmax_normalize_maps_the_train_range_onto_the_requested_range() {
    PrepFixture fx = fx();
    fx.write("a.csv", "x\n0\n5\n10\n");
    fx.run(recipe("a.csv", "  - normalize: {columns: [x], method: minmax, range: [-1, 1]}\n"));
    assertThat(fx.lines("out/data.csv")).containsExactly("x", "-1.0", "0.0", "1.0");
  }

  @Test
  void normalize_is_fitted_on_train_and_applied_to_every_split() {
    PrepFixture fx = fx();
    StringBuilder csv = new StringBuilder("x\n");
    for (int i = 0; i < 100; i++) {
      csv.append(i).append('\n');
    }
    fx.write("a.csv", csv.toString());
    fx.run(recipe("a.csv", "  - split: {seed: 3}\n  - normalize: {columns: [x]}\n"));
    double[] train = fx.lines("out/train.csv").stream().skip(1).mapToDouble(Double::parseDouble).toArray();
    double mean = java.util.Arrays.stream(train).average().orElseThrow();
    double var = java.util.Arrays.stream(train).map(v -> v * v).average().orElseThrow() - mean * mean;
    assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(var).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
    double[] val = fx.lines("out/val.csv").stream().skip(1).mapToDouble(Double::parseDouble).toArray();
    assertThat(val).hasSize(15);
    assertThat(java.util.Arrays.stream(val).average().orElseThrow()).isNotCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void a_non_numeric_value_in_a_normalized_column_names_file_line_and_column() {
    PrepFixture fx = fx();
    fx.write("a.csv", "x,y\n1,2\n3,oops\n");
    assertThatThrownBy(() -> fx.run(recipe("a.csv", "  - normalize: {columns: [y]}\n")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("a.csv line 3: column y: 'oops' is not a number");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstStep(PrepReport r) {
    return ((List<Map<String, Object>>) r.report().get("steps")).get(0);
  }

  @Test
  void the_hash_set_behind_dedupe_keeps_every_distinct_key_through_resizes() {
    DedupeStep.LongPairSet set = new DedupeStep.LongPairSet();
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    long[][] keys = new long[100_000][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = new long[] {i % 7 == 0 ? 0 : r.nextLong(), i == 3 ? 0 : r.nextLong()};
      assertThat(set.add(keys[i][0], keys[i][1])).isTrue();
    }
    for (long[] k : keys) {
      assertThat(set.add(k[0], k[1])).isFalse();
    }
    assertThat(set.size()).isEqualTo(keys.length);
  }
}
