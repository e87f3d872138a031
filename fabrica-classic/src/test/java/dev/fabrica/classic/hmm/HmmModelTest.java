package dev.fabrica.classic.hmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.Reporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmmModelTest {
  @Test
  void stationary_distribution_solves_p_equals_p_a() {
    // for a = [[0.7, 0.3], [0.4, 0.6]]: p0 · 0.3 = p1 · 0.4, so p = (4/7, 3/7)
    double[] p = HmmForwardBackwardTest.handModel().stationaryDistribution();
    assertThat(p[0]).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(p[1]).isCloseTo(3.0 / 7, within(1e-12));
    // a periodic chain (always switch) still converges thanks to the lazy chain: (1/2, 1/2)
    HmmModel flip = new HmmModel(new double[] {1, 0}, new double[][] {{0, 1}, {1, 0}},
        new CategoricalEmission(new double[][] {{1}, {1}}));
    assertThat(flip.stationaryDistribution()).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
  }

  @Test
  void sampling_is_seeded_and_follows_the_start_state_and_the_transition_frequencies() {
    HmmModel model = HmmForwardBackwardTest.handModel();
    HmmModel.Sample a = model.sample(20_000, 42, 1);
    assertThat(model.sample(20_000, 42, 1).symbols()).isEqualTo(a.symbols());
    assertThat(a.states()[0]).isEqualTo(1);
    int stays = 0;
    int zeros = 0;
    for (int t = 0; t + 1 < a.states().length; t++) {
      if (a.states()[t] == 0) {
        zeros++;
        stays += a.states()[t + 1] == 0 ? 1 : 0;
      }
    }
    assertThat((double) stays / zeros).isCloseTo(0.7, within(0.02));
    assertThat((double) zeros / a.states().length).isCloseTo(4.0 / 7, within(0.03));
  }

  @Test
  void aic_and_bic_count_start_transition_and_emission_parameters() {
    HmmModel model = HmmForwardBackwardTest.handModel();
    Sequences x = Sequences.ofSymbols(new int[] {0, 1});
    // p = (2-1) + 2·1 + 2·(3-1) = 7; log L = log 0.1246 over 2 steps
    assertThat(model.parameterCount()).isEqualTo(7);
    assertThat(model.aic(x)).isCloseTo(-2 * Math.log(0.1246) + 14, within(1e-12));
    assertThat(model.bic(x)).isCloseTo(-2 * Math.log(0.1246) + 7 * Math.log(2), within(1e-12));
    assertThat(HmmTrainerTest.twoStateGaussian().parameterCount()).isEqualTo(1 + 2 + 4 + 4);
  }

  @Test
  void predict_uses_viterbi_and_map_agrees_on_a_clear_sequence() {
    HmmModel model = HmmTrainerTest.twoStateGaussian();
    Sequences x = Sequences.ofVectors(new double[][] {{0, 0}, {0.1, 0.2}, {3, -2}, {3.1, -2.5}});
    assertThat(model.predict(x)[0]).containsExactly(0, 0, 1, 1);
    assertThat(model.decodeMap(x, 0)).containsExactly(0, 0, 1, 1);
  }

  @Test
  void the_convergence_monitor_warns_when_the_likelihood_falls() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Reporter reporter = new Reporter(Reporter.Level.NORMAL, new PrintStream(buffer, true, StandardCharsets.UTF_8), false);
    ConvergenceMonitor monitor = new ConvergenceMonitor(1e-2, 10, reporter);
    assertThat(monitor.report(-100)).isFalse();
    assertThat(monitor.report(-90)).isFalse();
    assertThat(monitor.report(-95)).isTrue(); // a fall also ends fitting
    assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("warning: hmm log-likelihood fell at iteration 3");
    assertThat(monitor.history()).containsExactly(-100.0, -90.0, -95.0);
  }

  @Test
  void gmm_and_poisson_hmms_fit_from_kmeans_with_a_likelihood_that_never_falls() {
    HmmModel gmm = new HmmModel(new double[] {0.5, 0.5}, new double[][] {{0.9, 0.1}, {0.1, 0.9}},
        new GaussianMixtureEmission(new double[][] {{0.3, 0.7}, {0.5, 0.5}},
            new double[][][] {{{0}, {2}}, {{8}, {11}}}, new double[][][] {{{1}, {0.5}}, {{1}, {2}}}));
    Sequences gmmData = Sequences.ofVectors(gmm.sample(2000, 2, null).observations());
    HmmTrainer.Options o = HmmTrainer.Options.defaults().withMinCovar(0).withTol(1e-6).withMaxIter(200);
    HmmModel fitted = new HmmTrainer(o).fit(gmmData, HmmSpec.gmm(2, 2));
    HmmTrainerTest.assertNeverDecreases(fitted.logLikelihoodHistory());
    assertThat(fitted.score(gmmData)).isGreaterThan(gmm.score(gmmData) - 5);
    HmmModel poisson = new HmmModel(new double[] {0.5, 0.5}, new double[][] {{0.95, 0.05}, {0.05, 0.95}},
        new PoissonEmission(new double[][] {{1}, {12}}));
    Sequences poissonData = Sequences.ofVectors(poisson.sample(3000, 3, null).observations());
    HmmModel p = new HmmTrainer(o).fit(poissonData, HmmSpec.poisson(2));
    HmmTrainerTest.assertNeverDecreases(p.logLikelihoodHistory());
    double[][] l = ((PoissonEmission) p.emission()).lambdas();
    double low = Math.min(l[0][0], l[1][0]);
    double high = Math.max(l[0][0], l[1][0]);
    assertThat(low).isCloseTo(1, within(0.15));
    assertThat(high).isCloseTo(12, within(0.5));
  }
}
