package dev.fabrica.neural.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelInceptionDistanceTest {
  private static final int D = 16;

  @Test
  void the_kernel_is_the_cube_of_the_scaled_dot_product_plus_one() {
    // (1·3 + 2·4)/2 + 1 = 6.5, cubed 274.625
    assertThat(KernelInceptionDistance.kernel(new double[] {1, 2}, new double[] {3, 4}))
        .isEqualTo(274.625);
  }

  @Test
  void two_points_each_give_the_hand_computed_unbiased_mmd() {
    // d = 1, X = {0, 1}, Y = {0, 2}: k(a, b) = (ab + 1)³
    // Kxx off-diagonal: 2·k(0, 1) = 2, /(2·1) = 1; Kyy: 2·k(0, 2) = 2, /2 = 1
    // Kxy: k(0,0) + k(0,2) + k(1,0) + k(1,2) = 1 + 1 + 1 + 27 = 30, ·2/4 = 15; MMD² = 1 + 1 − 15
    double[][] x = {{0}, {1}};
    double[][] y = {{0}, {2}};
    assertThat(KernelInceptionDistance.mmdUnbiased(x, y)).isEqualTo(-13);
  }

  @Test
  void samples_of_one_distribution_give_a_kid_near_zero() {
    SplittableRandom random = new SplittableRandom(1);
    double[][] x = gaussian(2_000, 0, random);
    double[][] y = gaussian(2_000, 0, random);
    KernelInceptionDistance kid = KernelInceptionDistance.of(x, y, 20, 200, 9);
    assertThat(kid.mean()).isCloseTo(0, within(3 * kid.std() / Math.sqrt(20) + 1e-3));
    assertThat(Math.abs(kid.mean())).isLessThan(0.05);
  }

  @Test
  void a_shifted_distribution_gives_a_clearly_positive_kid() {
    SplittableRandom random = new SplittableRandom(2);
    double[][] x = gaussian(2_000, 0, random);
    double[][] y = gaussian(2_000, 0.5, random);
    KernelInceptionDistance same = KernelInceptionDistance.of(x, gaussian(2_000, 0, random), 20, 200, 9);
    KernelInceptionDistance shifted = KernelInceptionDistance.of(x, y, 20, 200, 9);
    assertThat(shifted.mean()).isGreaterThan(10 * shifted.std() / Math.sqrt(20));
    assertThat(shifted.mean()).isGreaterThan(20 * Math.abs(same.mean()));
  }

  @Test
  void the_same_seed_gives_the_same_kid_and_another_seed_another() {
    SplittableRandom random = new SplittableRandom(3);
    double[][] x = gaussian(500, 0, random);
    double[][] y = gaussian(500, 0.2, random);
    KernelInceptionDistance first = KernelInceptionDistance.of(x, y, 10, 100, 42);
    KernelInceptionDistance again = KernelInceptionDistance.of(x, y, 10, 100, 42);
    KernelInceptionDistance other = KernelInceptionDistance.of(x, y, 10, 100, 43);
    assertThat(again).isEqualTo(first);
    assertThat(other.mean()).isNotEqualTo(first.mean());
    assertThat(first.subsets()).isEqualTo(10);
  }

  @Test
  void bad_subset_counts_and_sizes_are_rejected() {
    double[][] x = new double[5][2];
    double[][] y = new double[4][2];
    assertThatThrownBy(() -> KernelInceptionDistance.of(x, y, 0, 2, 1))
        .isInstanceOf(BadInputException.class).hasMessage("subsets must be at least 1, got 0");
    assertThatThrownBy(() -> KernelInceptionDistance.of(x, y, 1, 5, 1))
        .isInstanceOf(BadInputException.class)
        .hasMessage("subsetSize must be in 2..4 (the smaller set has that many samples), got 5");
    assertThatThrownBy(() -> KernelInceptionDistance.of(x, new double[4][3], 1, 2, 1))
        .isInstanceOf(BadInputException.class)
        .hasMessage("y sample 0 has 3 features, expected 2");
  }

  private static double[][] gaussian(int n, double shift, SplittableRandom random) {
    double[][] x = new double[n][D];
    for (double[] row : x) {
      for (int j = 0; j < D; j++) {
        row[j] = shift + random.nextGaussian();
      }
    }
    return x;
  }
}
