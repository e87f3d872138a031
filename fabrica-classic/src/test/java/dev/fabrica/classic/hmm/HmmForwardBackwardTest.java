package dev.fabrica.classic.hmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HmmForwardBackwardTest {
  /** π = (0.6, 0.4), a = [[0.7, 0.3], [0.4, 0.6]], b = [[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]]. */
  static HmmModel handModel() {
    return new HmmModel(new double[] {0.6, 0.4}, new double[][] {{0.7, 0.3}, {0.4, 0.6}},
        new CategoricalEmission(new double[][] {{0.5, 0.4, 0.1}, {0.1, 0.3, 0.6}}));
  }

  @Test
  void two_state_categorical_model_gives_the_hand_computed_values() {
    // x = (0, 1)
    // α_0 = (0.6·0.5, 0.4·0.1) = (0.30, 0.04)
    // α_1(0) = (0.30·0.7 + 0.04·0.4)·0.4 = 0.226·0.4 = 0.0904
    // α_1(1) = (0.30·0.3 + 0.04·0.6)·0.3 = 0.114·0.3 = 0.0342      P(x) = 0.1246
    // β_0 = (0.7·0.4 + 0.3·0.3, 0.4·0.4 + 0.6·0.3) = (0.37, 0.34)
    // γ_0 = (0.30·0.37, 0.04·0.34) / 0.1246 = (0.111, 0.0136) / 0.1246;  γ_1 = α_1 / 0.1246
    // Viterbi: δ_1(0) = max(0.30·0.7, 0.04·0.4)·0.4 = 0.084, δ_1(1) = max(0.09, 0.024)·0.3 = 0.027
    //          so the best path is (0, 0) with probability 0.084
    HmmModel model = handModel();
    Sequences x = Sequences.ofSymbols(new int[] {0, 1});
    assertThat(model.score(x)).isCloseTo(Math.log(0.1246), within(1e-12));
    double[][] g = model.posteriors(x, 0);
    assertThat(g[0][0]).isCloseTo(0.111 / 0.1246, within(1e-12));
    assertThat(g[0][1]).isCloseTo(0.0136 / 0.1246, within(1e-12));
    assertThat(g[1][0]).isCloseTo(0.0904 / 0.1246, within(1e-12));
    assertThat(g[1][1]).isCloseTo(0.0342 / 0.1246, within(1e-12));
    HmmModel.Path path = model.decode(x, 0);
    assertThat(path.states()).containsExactly(0, 0);
    assertThat(path.logProb()).isCloseTo(Math.log(0.084), within(1e-12));
    assertThat(model.decodeMap(x, 0)).containsExactly(0, 0);
  }

  static HmmModel randomCategorical(int n, int k, SplittableRandom rng) {
    double[][] b = new double[n][];
    double[][] a = new double[n][];
    for (int j = 0; j < n; j++) {
      b[j] = row(k, rng);
      a[j] = row(n, rng);
    }
    return new HmmModel(row(n, rng), a, new CategoricalEmission(b));
  }

  static double[] row(int k, SplittableRandom rng) {
    double[] p = new double[k];
    double s = 0;
    for (int i = 0; i < k; i++) {
      p[i] = 0.05 + rng.nextDouble();
      s += p[i];
    }
    for (int i = 0; i < k; i++) {
      p[i] /= s;
    }
    return p;
  }

  static HmmModel randomGaussian(int n, int d, CovarianceType type, SplittableRandom rng) {
    double[][] means = new double[n][d];
    double[][][] covs = new double[n][d][d];
    double[][] a = new double[n][];
    for (int j = 0; j < n; j++) {
      a[j] = row(n, rng);
      for (int f = 0; f < d; f++) {
        means[j][f] = rng.nextDouble(-2, 2);
      }
      // Σ = M Mᵀ + 0.5 I is symmetric positive definite
      double[][] m = new double[d][d];
      for (int f = 0; f < d; f++) {
        for (int g = 0; g < d; g++) {
          m[f][g] = rng.nextDouble(-1, 1);
        }
      }
      for (int f = 0; f < d; f++) {
        for (int g = 0; g < d; g++) {
          for (int h = 0; h < d; h++) {
            covs[j][f][g] += m[f][h] * m[g][h];
          }
        }
        covs[j][f][f] += 0.5;
      }
    }
    Emission e = switch (type) {
      case FULL -> GaussianEmission.full(means, covs);
      case TIED -> GaussianEmission.tied(means, covs[0]);
      case DIAG -> {
        double[][] v = new double[n][d];
        for (int j = 0; j < n; j++) {
          for (int f = 0; f < d; f++) {
            v[j][f] = covs[j][f][f];
          }
        }
        yield GaussianEmission.diag(means, v);
      }
      case SPHERICAL -> {
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
          v[j] = covs[j][0][0];
        }
        yield GaussianEmission.spherical(means, v);
      }
    };
    return new HmmModel(row(n, rng), a, e);
  }

  @Test
  void forward_log_likelihood_and_viterbi_equal_brute_force_for_categorical_emissions() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 20; trial++) {
      HmmModel model = randomCategorical(2 + trial % 3, 4, rng);
      int length = 2 + trial % 5;
      int[] x = new int[length];
      for (int t = 0; t < length; t++) {
        x[t] = rng.nextInt(4);
      }
      Sequences seq = Sequences.ofSymbols(x);
      assertThat(model.score(seq)).isCloseTo(BruteForce.logLikelihood(model, seq), within(1e-10));
      assertThat(model.decode(seq, 0).states()).containsExactly(BruteForce.bestPath(model, seq));
      assertThat(model.decode(seq, 0).logProb())
          .isCloseTo(BruteForce.joint(model, seq, BruteForce.bestPath(model, seq)), within(1e-10));
    }
  }

  @Test
  void forward_log_likelihood_and_viterbi_equal_brute_force_for_every_gaussian_covariance_type() {
    SplittableRandom rng = new SplittableRandom(12);
    for (CovarianceType type : CovarianceType.values()) {
      for (int trial = 0; trial < 6; trial++) {
        HmmModel model = randomGaussian(2 + trial % 2, 3, type, rng);
        double[][] x = new double[2 + trial % 5][3];
        for (double[] step : x) {
          for (int f = 0; f < 3; f++) {
            step[f] = rng.nextDouble(-3, 3);
          }
        }
        Sequences seq = Sequences.ofVectors(x);
        assertThat(model.score(seq)).as(type + " trial " + trial)
            .isCloseTo(BruteForce.logLikelihood(model, seq), within(1e-9));
        assertThat(model.decode(seq, 0).states()).containsExactly(BruteForce.bestPath(model, seq));
      }
    }
  }

  @Test
  void posteriors_sum_to_one_at_every_step() {
    HmmModel model = randomGaussian(4, 2, CovarianceType.FULL, new SplittableRandom(3));
    HmmModel.Sample s = model.sample(300, 5, null);
    double[][] g = model.posteriors(Sequences.ofVectors(s.observations()), 0);
    for (double[] step : g) {
      assertThat(step[0] + step[1] + step[2] + step[3]).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void emissions_too_extreme_for_scaling_fall_back_to_log_space_and_still_match_brute_force() {
    // state 0 is certain at t = 0 but x_0 = 60 is ~1800 nats likelier under state 1: the scaled
    // recursion underflows to zero there and must redo the sequence in log space
    HmmModel model = new HmmModel(new double[] {1, 0}, new double[][] {{0.5, 0.5}, {0.5, 0.5}},
        GaussianEmission.diag(new double[][] {{0}, {60}}, new double[][] {{1}, {1}}));
    Sequences seq = Sequences.ofScalars(new double[] {60, 60, 0});
    double expected = BruteForce.logLikelihood(model, seq);
    assertThat(expected).isFinite();
    assertThat(model.score(seq)).isCloseTo(expected, within(1e-9));
    double[][] g = model.posteriors(seq, 0);
    assertThat(g[0][0]).isEqualTo(1.0);
    assertThat(g[1][1]).isCloseTo(1.0, within(1e-12));
  }
}
