package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tiny models whose every number can be checked by hand. */
class NbExactTest {
  // class a: x = 1, 3 (mean 2, var 1); class b: x = 10, 14 (mean 12, var 4)
  private static final List<Object[]> GAUSS = List.of(
      new Object[] {1.0, "a"}, new Object[] {3.0, "a"}, new Object[] {10.0, "b"}, new Object[] {14.0, "b"});

  private static NbData gauss(NbConfig config) {
    return NbData.ofCells("tiny", List.of("x", "y"), GAUSS, "y", config);
  }

  @Test
  void gaussian_joint_log_likelihood_matches_the_normal_density_by_hand() {
    NbConfig config = NbConfig.defaults().withVarSmoothing(0);
    NbModel m = NbModel.fit(config, gauss(config));
    double[] jll = m.jointLogLikelihood(new Object[] {2.0});
    assertThat(jll[0]).isCloseTo(Math.log(0.5) - 0.5 * Math.log(2 * Math.PI), within(1e-12));
    assertThat(jll[1]).isCloseTo(Math.log(0.5) - 0.5 * Math.log(2 * Math.PI * 4) - 0.5 * 100 / 4.0, within(1e-12));
    assertThat(m.logMarginal(new Object[] {2.0})).isCloseTo(Math.log(Math.exp(jll[0]) + Math.exp(jll[1])), within(1e-12));
    assertThat(m.predict(new Object[] {11.0})).isEqualTo("b");
  }

  @Test
  void var_smoothing_adds_a_fraction_of_the_largest_overall_variance() {
    // all x: 1, 3, 10, 14, mean 7, population variance (36 + 16 + 9 + 49) / 4 = 27.5
    NbConfig config = NbConfig.defaults().withVarSmoothing(0.1);
    NbModel m = NbModel.fit(config, gauss(config));
    GaussianBlock g = (GaussianBlock) m.blocks().get(0);
    assertThat(g.epsilon()).isCloseTo(2.75, within(1e-12));
    assertThat(g.variance()[0][0]).isCloseTo(1 + 2.75, within(1e-12));
    assertThat(g.variance()[1][0]).isCloseTo(4 + 2.75, within(1e-12));
    assertThat(g.theta()[1][0]).isCloseTo(12, within(1e-12));
  }

  // class a: red, red, blue; class b: blue, green. alpha 1, K = 3.
  private static NbModel colours() {
    NbConfig config = NbConfig.defaults(NbKind.CATEGORICAL);
    List<Object[]> rows = List.of(new Object[] {"red", "a"}, new Object[] {"red", "a"}, new Object[] {"blue", "a"},
        new Object[] {"blue", "b"}, new Object[] {"green", "b"});
    return NbModel.fit(config, NbData.ofCells("colours", List.of("colour", "y"), rows, "y", config));
  }

  @Test
  void categorical_probabilities_are_smoothed_counts() {
    NbModel m = colours();
    CategoricalBlock b = (CategoricalBlock) m.blocks().get(0);
    assertThat(b.categories()).containsExactly("red", "blue", "green");
    assertThat(b.probabilities()[0]).containsExactly(new double[] {3 / 6.0, 2 / 6.0, 1 / 6.0}, within(1e-12));
    assertThat(b.probabilities()[1]).containsExactly(new double[] {1 / 5.0, 2 / 5.0, 2 / 5.0}, within(1e-12));
    // P(a, red) = 3/5 * 1/2 = 0.3, P(b, red) = 2/5 * 1/5 = 0.08
    assertThat(m.predictProba(new Object[] {"red"})).containsExactly(new double[] {0.3 / 0.38, 0.08 / 0.38}, within(1e-12));
  }

  @Test
  void an_unseen_category_scores_as_a_category_of_zero_count() {
    NbModel m = colours();
    // alpha / (N_c + alpha K): a: 1/6, b: 1/5; joint 0.1 and 0.08
    double[] jll = m.jointLogLikelihood(new Object[] {"purple"});
    assertThat(jll[0]).isCloseTo(Math.log(0.6 / 6), within(1e-12));
    assertThat(jll[1]).isCloseTo(Math.log(0.4 / 5), within(1e-12));
  }

  @Test
  void a_missing_cell_contributes_no_factor() {
    NbModel m = colours();
    assertThat(m.jointLogLikelihood(new Object[] {null})).containsExactly(m.classLogPrior(), within(0.0));
  }

  @Test
  void given_class_priors_replace_the_label_frequencies() {
    NbConfig config = NbConfig.defaults().withVarSmoothing(0).withClassPrior(List.of(0.9, 0.1));
    NbModel m = NbModel.fit(config, gauss(config));
    assertThat(m.classLogPrior()).containsExactly(new double[] {Math.log(0.9), Math.log(0.1)}, within(1e-15));
  }
}
