package dev.fabrica.tabular.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectionTest {
  @Test
  void auc_by_hand() {
    // positives 0.9, 0.4; negatives 0.5, 0.1: pairs (0.9>0.5)(0.9>0.1)(0.4<0.5)(0.4>0.1) = 3/4
    assertThat(Logistic.auc(new double[] {0.9, 0.4, 0.5, 0.1}, new int[] {1, 1, 0, 0})).isCloseTo(0.75, within(1e-12));
    // a tie counts half
    assertThat(Logistic.auc(new double[] {0.5, 0.5}, new int[] {1, 0})).isCloseTo(0.5, within(1e-12));
    assertThat(Logistic.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1})).isEqualTo(1);
  }

  @Test
  void logistic_regression_learns_a_separating_direction() {
    SplittableRandom r = new SplittableRandom(1);
    double[][] x = new double[400][];
    int[] y = new int[400];
    for (int i = 0; i < 400; i++) {
      y[i] = i % 2;
      x[i] = new double[] {r.nextGaussian() + (y[i] == 1 ? 2 : -2), r.nextGaussian()};
    }
    Logistic m = Logistic.fit(x, y, 1e-3);
    assertThat(m.predict(new double[] {3, 0})).isGreaterThan(0.99);
    assertThat(m.predict(new double[] {-3, 0})).isLessThan(0.01);
    assertThat(m.predict(new double[] {0, 5})).isCloseTo(0.5, within(0.2));
  }

  @Test
  void same_distribution_is_near_half_and_a_shifted_one_near_one() {
    Table real = gaussian(400, 0, 1);
    Table same = gaussian(400, 0, 2);
    Table shifted = gaussian(400, 3, 3);
    Metadata meta = Metadata.detect(real);
    assertThat(Detection.auc(real, same, meta, 1)).isCloseTo(0.5, within(0.08));
    assertThat(Detection.auc(real, shifted, meta, 1)).isGreaterThan(0.97);
    // seeded
    assertThat(Detection.auc(real, same, meta, 1)).isEqualTo(Detection.auc(real, same, meta, 1));
  }

  @Test
  void privacy_counts_exact_copies_and_their_distance_is_zero() {
    Table real = gaussian(100, 0, 4);
    List<Object[]> rows = new ArrayList<>(real.rows().subList(0, 10)); // 10 copies
    rows.addAll(gaussian(90, 0, 5).rows());
    Table synth = new Table("s", real.names(), rows);
    Map<String, Object> p = Privacy.report(real, gaussian(50, 0, 6), synth, Metadata.detect(real), 1);
    assertThat(p.get("exact_copies")).isEqualTo(10L);
    assertThat((Double) p.get("exact_copy_share")).isCloseTo(0.1, within(1e-12));
    assertThat((Double) p.get("dcr_synthetic_p05")).isZero();
    assertThat((Double) p.get("dcr_holdout_median")).isGreaterThan(0);
  }

  @Test
  void gower_distance_by_hand() {
    Table real = new Table("r", List.of("x", "c"), List.of(new Object[] {0.0, "a"}, new Object[] {10.0, "b"}));
    Metadata meta = Metadata.detect(real);
    Privacy.Gower g = new Privacy.Gower(real, meta, List.of(0, 1));
    // |2 - 7| / 10 = 0.5 and a != b: mean (0.5 + 1) / 2
    assertThat(g.distance(new Object[] {2.0, "a"}, new Object[] {7.0, "b"})).isCloseTo(0.75, within(1e-12));
    assertThat(g.distance(new Object[] {2.0, "a"}, new Object[] {2.0, "a"})).isZero();
  }

  @Test
  void efficacy_on_separable_classes_is_perfect_for_real_and_chance_for_shuffled_labels() {
    SplittableRandom r = new SplittableRandom(3);
    List<Object[]> train = new ArrayList<>();
    List<Object[]> test = new ArrayList<>();
    List<Object[]> noise = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String c = i % 3 == 0 ? "p" : i % 3 == 1 ? "q" : "s";
      double x = (i % 3) * 10 + r.nextGaussian();
      (i < 200 ? train : test).add(new Object[] {x, c});
      noise.add(new Object[] {x, List.of("p", "q", "s").get(r.nextInt(3))});
    }
    List<String> names = List.of("x", "label");
    Table tr = new Table("train", names, train);
    Metadata meta = Metadata.detect(tr);
    Map<String, Object> e = Efficacy.compare(tr, new Table("test", names, test), new Table("syn", names, noise), meta, "label");
    assertThat((Double) e.get("real_accuracy")).isEqualTo(1.0);
    assertThat((Double) e.get("real_macro_f1")).isEqualTo(1.0);
    assertThat((Double) e.get("synthetic_accuracy")).isLessThan(0.6);
  }

  private static Table gaussian(int n, double shift, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = r.nextGaussian() + shift;
      rows.add(new Object[] {a, 0.5 * a + r.nextGaussian(), r.nextDouble() < 0.3 ? "x" : "y"});
    }
    return new Table("g", List.of("a", "b", "c"), rows);
  }
}
