package dev.fabrica.tabular.copula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.junit.jupiter.api.Test;

class MarginalsTest {
  @Test
  void ks_statistic_of_four_points_against_a_uniform_is_a_quarter() {
    // F = .25 .5 .75 1 at the points; the empirical CDF jumps by .25 there, so D = .25
    assertThat(Marginals.ks(new double[] {1, 2, 3, 4}, new Marginals.Uniform(0, 4))).isCloseTo(0.25, within(1e-12));
    // against U(1, 4): F = 0, 1/3, 2/3, 1; D = max(1/4 - 0, 2/4 - 1/3, ...) = 1/4
    assertThat(Marginals.ks(new double[] {1, 2, 3, 4}, new Marginals.Uniform(1, 4))).isCloseTo(0.25, within(1e-12));
    // ties jump once: {1, 1, 2} against U(0, 2): at 1, F = .5 and F_n goes 0 -> 2/3: D = max(2/3 - .5, .5 - 0) = .5
    assertThat(Marginals.ks(new double[] {1, 1, 2}, new Marginals.Uniform(0, 2))).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void normal_fit_recovers_mean_and_sd() {
    double[] x = draws(4000, 1, r -> 5 + 2 * r.nextGaussian());
    Marginals.NormalMarginal m = (Marginals.NormalMarginal) Marginals.fit("normal", x);
    assertThat(m.mu()).isCloseTo(5, within(0.1));
    assertThat(m.sigma()).isCloseTo(2, within(0.1));
    assertThat(m.inverse(m.cdf(6.3))).isCloseTo(6.3, within(1e-9));
  }

  @Test
  void truncated_normal_fit_recovers_the_untruncated_parameters() {
    // N(0, 1) kept on [-0.5, 3]: the sample mean is about 0.5, the MLE must find mu = 0 again
    double[] x = draws(20000, 2, r -> {
      double v;
      do {
        v = r.nextGaussian();
      } while (v < -0.5 || v > 3);
      return v;
    });
    Marginals.TruncNormal m = (Marginals.TruncNormal) Marginals.fit("truncnorm", x);
    assertThat(m.mu()).isCloseTo(0, within(0.08));
    assertThat(m.sigma()).isCloseTo(1, within(0.06));
    assertThat(m.cdf(m.low())).isZero();
    assertThat(m.inverse(0.3)).isCloseTo(solve(m, 0.3), within(1e-6));
  }

  @Test
  void beta_fit_matches_the_sample_moments_on_the_observed_range_and_beats_a_normal() {
    BetaDistribution b = new BetaDistribution(null, 2, 5);
    double[] x = draws(5000, 3, r -> b.inverseCumulativeProbability(r.nextDouble()));
    Marginals.BetaMarginal m = (Marginals.BetaMarginal) Marginals.fit("beta", x);
    double lo = (Double) m.toJson().get("low");
    double w = (Double) m.toJson().get("high") - lo;
    double a = (Double) m.toJson().get("a");
    double bb = (Double) m.toJson().get("b");
    double mean = Arrays.stream(x).average().orElseThrow();
    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
    // method of moments on [min - pad, max + pad]: the fitted mean and variance are the sample's
    assertThat(lo + w * a / (a + bb)).isCloseTo(mean, within(1e-9));
    assertThat(w * w * a * bb / ((a + bb) * (a + bb) * (a + bb + 1))).isCloseTo(var, within(1e-9));
    assertThat(lo).isLessThan(x[0]);
    assertThat(Marginals.ks(x, m)).isLessThan(Marginals.ks(x, Marginals.fit("normal", x)));
  }

  @Test
  void best_picks_the_lowest_ks_and_uniform_data_is_not_called_normal() {
    double[] x = draws(3000, 4, r -> 10 + 5 * r.nextDouble());
    Marginals.Fit best = Marginals.best(x, Marginals.FAMILIES);
    for (String f : Marginals.FAMILIES) {
      Marginal m = Marginals.fit(f, x);
      if (m != null) {
        assertThat(best.ks()).isLessThanOrEqualTo(Marginals.ks(x, m) + 1e-12);
      }
    }
    assertThat(best.marginal().name()).isNotEqualTo("normal");
    assertThat(Marginals.best(x, List.of("normal", "uniform")).marginal().name()).isEqualTo("uniform");
  }

  @Test
  void kde_cdf_is_monotone_from_zero_to_one_and_its_inverse_undoes_it() {
    double[] x = draws(500, 5, r -> r.nextDouble() < 0.5 ? r.nextGaussian() : 6 + r.nextGaussian());
    Marginal kde = Marginals.fit("kde", x);
    double prev = -1;
    for (double v = -6; v <= 12; v += 0.05) {
      double f = kde.cdf(v);
      assertThat(f).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(prev);
      prev = f;
    }
    assertThat(kde.cdf(-100)).isZero();
    assertThat(kde.cdf(100)).isEqualTo(1);
    for (double u : new double[] {0.01, 0.3, 0.5, 0.77, 0.99}) {
      assertThat(kde.cdf(kde.inverse(u))).isCloseTo(u, within(1e-9));
    }
    // bimodal: the median sits between the modes, and the KDE fits far better than a normal
    assertThat(Marginals.ks(x, kde)).isLessThan(0.5 * Marginals.ks(x, Marginals.fit("normal", x)));
  }

  @Test
  void a_column_of_one_value_is_constant() {
    Marginals.Fit f = Marginals.best(new double[] {3, 3, 3}, Marginals.FAMILIES);
    assertThat(f.marginal().name()).isEqualTo("constant");
    assertThat(f.marginal().inverse(0.9)).isEqualTo(3);
  }

  @Test
  void every_family_reads_back_from_json() {
    double[] x = draws(300, 6, r -> 1 + r.nextDouble() * r.nextDouble() * 4);
    for (String f : Marginals.FAMILIES) {
      Marginal m = Marginals.fit(f, x);
      Marginal back = Marginals.fromJson(dev.fabrica.core.Json.MAPPER.convertValue(m.toJson(), java.util.Map.class), "t");
      for (double v : new double[] {1.2, 2, 3.3}) {
        assertThat(back.cdf(v)).as(f).isCloseTo(m.cdf(v), within(1e-12));
      }
    }
  }

  private static double solve(Marginal m, double u) {
    double lo = -10;
    double hi = 10;
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (m.cdf(mid) < u) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double[] draws(int n, long seed, java.util.function.ToDoubleFunction<SplittableRandom> f) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = f.applyAsDouble(r);
    }
    Arrays.sort(x);
    return x;
  }
}
