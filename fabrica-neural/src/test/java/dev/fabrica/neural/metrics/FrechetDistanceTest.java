package dev.fabrica.neural.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
  @Test
  void the_fid_of_a_set_with_itself_is_zero() {
    double[][] x = correlatedSamples(2_000, 64, new SplittableRandom(5));
    GaussianStats s = GaussianStats.of(x);
    assertThat(Math.abs(FrechetDistance.of(s, s))).isLessThan(1e-6 * s.trace());
  }

  @Test
  void the_fid_of_a_singular_covariance_with_itself_is_zero() {
    // 10 samples in 32 dimensions: Σ has rank 9, its square root needs the clamped eigenvalues
    double[][] x = correlatedSamples(10, 32, new SplittableRandom(6));
    GaussianStats s = GaussianStats.of(x);
    assertThat(Math.abs(FrechetDistance.of(s, s))).isLessThan(1e-6 * s.trace());
  }

  @Test
  void diagonal_covariances_give_the_closed_form_sum_of_squared_mean_and_root_variance_gaps() {
    // Σ (μ₁ − μ₂)² + Σ (√a_i − √b_i)² = (1 + 4 + 0) + ((2 − 1)² + (3 − 1)² + (1 − 0.5)²) = 10.25
    GaussianStats a = new GaussianStats(new double[] {1, 2, 3}, diag(4, 9, 1));
    GaussianStats b = new GaussianStats(new double[] {0, 0, 3}, diag(1, 1, 0.25));
    assertThat(FrechetDistance.of(a, b)).isCloseTo(10.25, within(1e-12));
    assertThat(FrechetDistance.of(b, a)).isCloseTo(10.25, within(1e-12));
  }

  @Test
  void non_commuting_full_covariances_match_numpy() {
    // S1 S2 ≠ S2 S1 (they differ by up to 0.4). Reference (numpy 2.4.6):
    //   w, v = np.linalg.eigh(s1); r = v @ np.diag(np.sqrt(w)) @ v.T
    //   t = np.sqrt(np.linalg.eigvalsh(r @ s2 @ r)).sum()      # 3.074353860863492
    //   # cross-check: np.sqrt(np.linalg.eigvals(s1 @ s2).astype(complex)).real.sum() agrees
    //   ((mu1 - mu2)**2).sum() + np.trace(s1) + np.trace(s2) - 2 * t  # 3.901292278273017
    double[][] s1 = {{2, 0.5, 0.1}, {0.5, 1, 0.3}, {0.1, 0.3, 0.5}};
    double[][] s2 = {{1, -0.4, 0.2}, {-0.4, 1.5, 0}, {0.2, 0, 0.8}};
    GaussianStats a = new GaussianStats(new double[] {0, 1, 2}, s1);
    GaussianStats b = new GaussianStats(new double[] {1, 1, 0.5}, s2);
    assertThat(FrechetDistance.traceSqrtProduct(s1, s2)).isCloseTo(3.074353860863492, within(1e-13));
    assertThat(FrechetDistance.of(a, b)).isCloseTo(3.901292278273017, within(1e-13));
    assertThat(FrechetDistance.of(b, a)).isCloseTo(3.901292278273017, within(1e-13));
  }

  @Test
  void a_collapsed_generator_whose_features_take_ten_values_still_gets_a_finite_distance() {
    // 1,000 samples that are ten prototypes repeated (a generator that ignores its noise): a
    // covariance of rank 9 in 128 dimensions against a full-rank one
    SplittableRandom r = new SplittableRandom(3);
    double[][] protos = new double[10][128];
    for (double[] p : protos) {
      for (int j = 0; j < 128; j++) {
        p[j] = Math.max(0, r.nextGaussian());
      }
    }
    double[][] fake = new double[1000][];
    double[][] real = new double[1000][128];
    for (int i = 0; i < 1000; i++) {
      fake[i] = protos[i % 10].clone();
      for (int j = 0; j < 128; j++) {
        real[i][j] = Math.max(0, r.nextGaussian() + protos[i % 10][j]);
      }
    }
    double fid = FrechetDistance.of(GaussianStats.of(fake), GaussianStats.of(real));
    assertThat(fid).isFinite().isPositive();
    assertThat(FrechetDistance.of(GaussianStats.of(fake), GaussianStats.of(fake))).isCloseTo(0, within(1e-4));
  }

  @Test
  void statistics_of_different_widths_are_rejected() {
    GaussianStats a = new GaussianStats(new double[2], diag(1, 1));
    GaussianStats b = new GaussianStats(new double[3], diag(1, 1, 1));
    assertThatThrownBy(() -> FrechetDistance.of(a, b)).isInstanceOf(BadInputException.class)
        .hasMessage("the statistics have 2 and 3 features; they must have the same");
  }

  static double[][] diag(double... values) {
    double[][] m = new double[values.length][values.length];
    for (int i = 0; i < values.length; i++) {
      m[i][i] = values[i];
    }
    return m;
  }

  /** Rows of z·A with z standard normal and A random, so the covariance AᵀA is full. */
  static double[][] correlatedSamples(int n, int d, SplittableRandom random) {
    double[][] mix = new double[d][d];
    for (double[] row : mix) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextGaussian() / Math.sqrt(d);
      }
    }
    double[][] x = new double[n][d];
    double[] z = new double[d];
    for (double[] row : x) {
      for (int k = 0; k < d; k++) {
        z[k] = random.nextGaussian();
      }
      for (int k = 0; k < d; k++) {
        for (int j = 0; j < d; j++) {
          row[j] += z[k] * mix[k][j];
        }
      }
    }
    return x;
  }
}
