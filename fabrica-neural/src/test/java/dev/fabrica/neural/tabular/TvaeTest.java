package dev.fabrica.neural.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.eval.Quality;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TvaeTest {
  /** x bimodal by group (a: around 0, b: around 8), y = x + noise, a boolean flag. */
  static Table table(int n) {
    SplittableRandom r = new SplittableRandom(5);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean b = r.nextDouble() < 0.4;
      double x = Math.round(((b ? 8 : 0) + r.nextGaussian()) * 100) / 100.0;
      rows.add(new Object[] {b ? "b" : "a", x, Math.round((x + 0.5 * r.nextGaussian()) * 100) / 100.0, r.nextDouble() < 0.3});
    }
    return new Table("t.csv", List.of("group", "x", "y", "flag"), rows);
  }

  @Test
  void learns_a_bimodal_table_and_reloads_to_the_same_samples(@TempDir Path dir) {
    Table t = table(600);
    Metadata meta = Metadata.detect(t);
    try (TvaeModel m = TvaeModel.train(t, meta, TvaeConfig.tiny().withEpochs(60), dir, 1, Reporter.silent())) {
      Table s = m.sample(1000, 3, Map.of());
      List<Quality.Shape> shapes = Quality.shapes(t, s, meta);
      List<Quality.Pair> pairs = Quality.pairs(t, s, meta);
      assertThat(Quality.overall(shapes, pairs)).isGreaterThan(0.8);
      // x follows the group: the b rows are the high ones
      double meanB = s.rows().stream().filter(r -> "b".equals(r[0])).mapToDouble(r -> (Double) r[1]).average().orElseThrow();
      double meanA = s.rows().stream().filter(r -> "a".equals(r[0])).mapToDouble(r -> (Double) r[1]).average().orElseThrow();
      assertThat(meanB - meanA).isGreaterThan(5);
      // samples keep range and rounding
      assertThat(s.column(1)).allMatch(v -> (Double) v >= -5 && (Double) v <= 13 && Math.round((Double) v * 100) / 100.0 == (Double) v);
      Table b = m.sample(200, 4, Map.of("group", "b"));
      assertThat(b.column(0)).containsOnly("b");
      List<Object[]> again = m.sample(50, 3, Map.of()).rows();
      try (TvaeModel back = TvaeModel.load(dir)) {
        List<Object[]> loaded = back.sample(50, 3, Map.of()).rows();
        for (int i = 0; i < 50; i++) {
          assertThat(loaded.get(i)).containsExactly(again.get(i));
        }
      }
      assertThatThrownBy(() -> m.sample(5, 1, Map.of("x", "three"))).isInstanceOf(BadInputException.class)
          .hasMessageContaining("--where x=three: 'three' is not a number");
    }
    assertThat(dir.resolve("model.safetensors")).exists();
    assertThat(dir.resolve("metrics.jsonl")).exists();
  }
}
