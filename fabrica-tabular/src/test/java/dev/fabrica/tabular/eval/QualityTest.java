package dev.fabrica.tabular.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityTest {
  @Test
  void ks_of_two_samples_by_hand() {
    assertThat(Quality.ks(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isZero();
    assertThat(Quality.ks(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(1);
    // F_a steps .25 at 1,2,3,4; F_b = 0 until 3, then .5, 1: biggest gap at x in [2,3): .5 - 0
    assertThat(Quality.ks(new double[] {1, 2, 3, 4}, new double[] {3, 4})).isCloseTo(0.5, within(1e-12));
    // ties: {1,1,2} vs {1,2,2}: at 1, 2/3 vs 1/3
    assertThat(Quality.ks(new double[] {1, 1, 2}, new double[] {1, 2, 2})).isCloseTo(1 / 3.0, within(1e-12));
  }

  @Test
  void tvd_by_hand() {
    assertThat(Quality.tvd(List.of("a", "a", "b"), List.of("a", "b", "b"))).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(Quality.tvd(List.of("a"), List.of("b"))).isEqualTo(1);
    assertThat(Quality.tvd(List.of("a", "b"), List.of("b", "a", "a", "b"))).isZero();
  }

  @Test
  void shapes_pairs_and_overall_on_a_small_table() {
    // x, y perfectly correlated in real, anti-correlated in synthetic; c matches
    Table real = table(new Object[][] {{1L, 1L, "u"}, {2L, 2L, "u"}, {3L, 3L, "v"}, {4L, 4L, "v"}});
    Table synth = table(new Object[][] {{1L, 4L, "u"}, {2L, 3L, "u"}, {3L, 2L, "v"}, {4L, 1L, "v"}});
    Metadata meta = new Metadata(List.of(
        new dev.fabrica.tabular.meta.ColumnMeta("x", dev.fabrica.tabular.meta.ColumnKind.NUMERICAL, true, 0, null),
        new dev.fabrica.tabular.meta.ColumnMeta("y", dev.fabrica.tabular.meta.ColumnKind.NUMERICAL, true, 0, null),
        dev.fabrica.tabular.meta.ColumnMeta.of("c", dev.fabrica.tabular.meta.ColumnKind.CATEGORICAL)), List.of());
    List<Quality.Shape> shapes = Quality.shapes(real, synth, meta);
    assertThat(shapes).extracting(Quality.Shape::score).containsExactly(1.0, 1.0, 1.0);
    assertThat(shapes).extracting(Quality.Shape::metric).containsExactly("KSComplement", "KSComplement", "TVComplement");
    List<Quality.Pair> pairs = Quality.pairs(real, synth, meta);
    assertThat(pairs).hasSize(3);
    Quality.Pair xy = pairs.get(0);
    assertThat(xy.metric()).isEqualTo("CorrelationSimilarity");
    assertThat(xy.real()).isCloseTo(1, within(1e-12));
    assertThat(xy.synthetic()).isCloseTo(-1, within(1e-12));
    assertThat(xy.score()).isCloseTo(0, within(1e-12));
    // x vs c: bins of x (range 1..4, 10 bins): 1->0, 2->3, 3->6, 4->9; real (0,u)(3,u)(6,v)(9,v) = synthetic: 1
    assertThat(pairs.get(1).score()).isCloseTo(1, within(1e-12));
    // y vs c: synthetic pairs (9,u)(6,u)(3,v)(0,v): no cell in common: TVD 1, score 0
    assertThat(pairs.get(2).score()).isCloseTo(0, within(1e-12));
    // shapes mean 1, pairs mean 1/3: overall 2/3
    assertThat(Quality.overall(shapes, pairs)).isCloseTo(2 / 3.0, within(1e-12));
  }

  private static Table table(Object[][] rows) {
    List<Object[]> r = new ArrayList<>(List.of(rows));
    return new Table("t", List.of("x", "y", "c"), r);
  }
}
