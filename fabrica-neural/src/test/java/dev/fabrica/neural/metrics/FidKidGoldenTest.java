package dev.fabrica.neural.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Parity with numpy on the case in src/test/resources/metrics, made by fid_golden.py beside it. */
class FidKidGoldenTest {
  private final GoldenFile golden = new GoldenFile("/metrics/fid-kid-non-commuting-d8.txt");

  FidKidGoldenTest() throws IOException {}

  @Test
  void gaussian_stats_match_numpy_mean_and_cov() {
    GaussianStats x = GaussianStats.of(golden.matrix("x"));
    assertThat(x.mean()).containsExactly(golden.row("mean_x"), within(1e-12));
    double[][] cov = golden.matrix("cov_x");
    for (int i = 0; i < cov.length; i++) {
      assertThat(x.cov()[i]).containsExactly(cov[i], within(1e-12));
    }
  }

  @Test
  void fid_with_non_commuting_covariances_matches_numpy_computed_two_ways() {
    double fid = FrechetDistance.of(golden.matrix("x"), golden.matrix("y"));
    assertThat(fid).isCloseTo(golden.scalar("fid_eigh"), within(1e-10));
    assertThat(fid).isCloseTo(golden.scalar("fid_eig"), within(1e-10));
  }

  @Test
  void fid_from_numpy_statistics_matches_numpy() {
    GaussianStats a = new GaussianStats(golden.row("mean_x"), golden.matrix("cov_x"));
    GaussianStats b = new GaussianStats(golden.row("mean_y"), golden.matrix("cov_y"));
    assertThat(FrechetDistance.of(a, b)).isCloseTo(golden.scalar("fid_eigh"), within(1e-10));
  }

  @Test
  void kid_over_the_whole_sets_matches_numpy_unbiased_mmd() {
    double[][] x = golden.matrix("x");
    KernelInceptionDistance kid = KernelInceptionDistance.of(x, golden.matrix("y"), 1, x.length, 7);
    assertThat(kid.mean())
        .isCloseTo(golden.scalar("mmd2_unbiased_whole_sets"), within(1e-9));
    assertThat(kid.std()).isZero();
  }
}
