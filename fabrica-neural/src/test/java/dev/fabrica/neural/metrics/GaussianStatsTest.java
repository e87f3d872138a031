package dev.fabrica.neural.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianStatsTest {
  @Test
  void three_points_give_the_hand_computed_mean_and_unbiased_covariance() {
    // rows (1, 4), (2, 2), (3, 0) lie on y = 6 − 2x: mean (2, 2), var x = (1 + 0 + 1)/2 = 1,
    // var y = (4 + 0 + 4)/2 = 4, cov = ((−1)(2) + 0 + (1)(−2))/2 = −2
    GaussianStats s = GaussianStats.of(new double[][] {{1, 4}, {2, 2}, {3, 0}});
    assertThat(s.mean()).containsExactly(2, 2);
    assertThat(s.cov()).isDeepEqualTo(new double[][] {{1, -2}, {-2, 4}});
    assertThat(s.trace()).isEqualTo(5);
  }

  @Test
  void a_large_offset_does_not_spoil_the_covariance() {
    // a naive Σx² − n·μ² would lose every digit at an offset of 1e9
    double[][] rows = {{1e9 + 1, 4}, {1e9 + 2, 2}, {1e9 + 3, 0}};
    GaussianStats s = GaussianStats.of(rows);
    assertThat(s.cov()[0]).containsExactly(new double[] {1, -2}, within(1e-12));
  }

  @Test
  void the_flat_float_form_gives_the_same_statistics_as_the_row_form() {
    SplittableRandom random = new SplittableRandom(3);
    int n = 300;
    int d = 21;
    float[] flat = new float[n * d];
    double[][] rows = new double[n][d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        flat[r * d + j] = (float) random.nextGaussian(j, 1 + j % 3);
        rows[r][j] = flat[r * d + j];
      }
    }
    GaussianStats fromFlat = GaussianStats.of(flat, n, d);
    GaussianStats fromRows = GaussianStats.of(rows);
    assertThat(fromFlat.mean()).containsExactly(fromRows.mean());
    assertThat(fromFlat.cov()).isDeepEqualTo(fromRows.cov());
  }

  @Test
  void sampled_gaussian_parameters_are_recovered() {
    // x₀ ~ N(1, 1), x₁ = 0.5 x₀ + N(0, 0.25): μ = (1, 0.5), Σ = [[1, 0.5], [0.5, 0.5]]
    SplittableRandom random = new SplittableRandom(11);
    double[][] rows = new double[200_000][];
    for (int r = 0; r < rows.length; r++) {
      double a = 1 + random.nextGaussian();
      rows[r] = new double[] {a, 0.5 * a + 0.5 * random.nextGaussian()};
    }
    GaussianStats s = GaussianStats.of(rows);
    assertThat(s.mean()).containsExactly(new double[] {1, 0.5}, within(0.01));
    assertThat(s.cov()[0]).containsExactly(new double[] {1, 0.5}, within(0.01));
    assertThat(s.cov()[1]).containsExactly(new double[] {0.5, 0.5}, within(0.01));
  }

  @Test
  void too_few_ragged_or_non_finite_samples_are_rejected() {
    assertThatThrownBy(() -> GaussianStats.of(new double[][] {{1, 2}}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("need at least 2 samples for a covariance, got 1");
    assertThatThrownBy(() -> GaussianStats.of(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("sample 1 has 1 features but sample 0 has 2");
    assertThatThrownBy(() -> GaussianStats.of(new double[][] {{1, 2}, {3, Double.NaN}}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("sample 1, feature 1 is NaN; features must be finite numbers");
    assertThatThrownBy(() -> GaussianStats.of(new float[5], 2, 3))
        .isInstanceOf(BadInputException.class)
        .hasMessage("features has 5 values, not n · d = 2 · 3");
  }
}
