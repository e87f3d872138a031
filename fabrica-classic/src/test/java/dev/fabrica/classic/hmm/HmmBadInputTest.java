package dev.fabrica.classic.hmm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HmmBadInputTest {
  private final HmmModel model = HmmForwardBackwardTest.handModel();

  @Test
  void nan_and_infinite_observations_are_rejected_naming_sequence_and_step() {
    assertThatThrownBy(() -> Sequences.ofScalars(new double[] {1, 2}, new double[] {1, Double.NaN, 3}))
        .isInstanceOf(BadInputException.class).hasMessage(
            "sequence 1, step 1: observation is NaN; observations must be finite numbers");
    assertThatThrownBy(() -> Sequences.ofVectors(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}}))
        .isInstanceOf(BadInputException.class).hasMessageContaining("sequence 0, step 1, feature 1")
        .hasMessageContaining("Infinity");
  }

  @Test
  void a_symbol_outside_the_alphabet_is_rejected_at_scoring_time_naming_sequence_and_step() {
    Sequences data = Sequences.ofSymbols(new int[] {0, 1}, new int[] {2, 1, 3});
    assertThatThrownBy(() -> model.score(data)).isInstanceOf(BadInputException.class)
        .hasMessage("sequence 1, step 2: symbol 3.0 is outside 0..2 (the model has 3 symbols)");
    assertThatThrownBy(() -> model.decode(Sequences.ofSymbols(new int[] {0, -1}), 0))
        .isInstanceOf(BadInputException.class).hasMessageContaining("sequence 0, step 1");
  }

  @Test
  void a_sequence_shorter_than_two_steps_is_rejected_naming_it() {
    assertThatThrownBy(() -> Sequences.ofSymbols(new int[] {0, 1}, new int[] {2}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("sequence 1 has 1 step(s); every sequence needs at least 2 steps");
    assertThatThrownBy(() -> Sequences.ofSymbols(List.of()))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no sequences");
  }

  @Test
  void zero_states_are_rejected() {
    assertThatThrownBy(() -> HmmSpec.categorical(0, 3))
        .isInstanceOf(BadInputException.class).hasMessage("nStates must be at least 1, got 0");
    assertThatThrownBy(() -> new HmmModel(new double[0], new double[0][], new CategoricalEmission(new double[][] {{1}})))
        .isInstanceOf(BadInputException.class).hasMessage("an HMM needs at least 1 state, got 0");
  }

  @Test
  void inconsistent_lengths_and_dimensions_are_rejected() {
    assertThatThrownBy(() -> Sequences.ofVectors(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1, 2}, {3}}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("sequence 1, step 1 has 1 features but the first step of sequence 0 has 2");
    Sequences threeFeatures = Sequences.ofVectors(new double[][] {{1, 2, 3}, {3, 4, 5}});
    HmmModel gaussian = HmmTrainerTest.twoStateGaussian();
    assertThatThrownBy(() -> gaussian.score(threeFeatures)).isInstanceOf(BadInputException.class)
        .hasMessage("the observations have 3 features but the model has 2");
    assertThatThrownBy(() -> new HmmModel(new double[] {0.5, 0.5}, new double[][] {{1, 0}},
        new CategoricalEmission(new double[][] {{1}, {1}})))
        .isInstanceOf(BadInputException.class).hasMessage("transmat has 1 rows, expected 2");
    assertThatThrownBy(() -> new HmmModel(new double[] {0.5, 0.6}, new double[][] {{1, 0}, {0, 1}},
        new CategoricalEmission(new double[][] {{1}, {1}})))
        .isInstanceOf(BadInputException.class).hasMessageContaining("startProb sums to 1.1");
    assertThatThrownBy(() -> new HmmModel(new double[] {1}, new double[][] {{1}},
        new CategoricalEmission(new double[][] {{1}, {1}})))
        .isInstanceOf(BadInputException.class).hasMessage("the emission has 2 states but startProb has 1");
    Sequences data = Sequences.ofSymbols(new int[] {0, 1, 1});
    assertThatThrownBy(() -> new HmmTrainer(HmmTrainer.Options.defaults())
        .fitSupervised(data, List.of(new int[] {0, 1}), HmmSpec.categorical(2, 2)))
        .isInstanceOf(BadInputException.class).hasMessage("state path 0 has 2 steps but sequence 0 has 3");
  }

  @Test
  void bad_options_name_the_bad_value() {
    assertThatThrownBy(() -> HmmTrainer.Options.defaults().withMaxIter(0))
        .isInstanceOf(BadInputException.class).hasMessage("maxIter must be at least 1, got 0");
    assertThatThrownBy(() -> HmmTrainer.Options.defaults().withMinCovar(-1))
        .isInstanceOf(BadInputException.class).hasMessage("minCovar must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> HmmTrainer.Options.defaults().withTol(Double.NaN))
        .isInstanceOf(BadInputException.class).hasMessage("tol must be a number below +infinity (negative runs every iteration), got NaN");
    assertThatThrownBy(() -> new HmmTrainer(HmmTrainer.Options.defaults().withInit(HmmTrainer.Init.KMEANS))
        .fit(Sequences.ofSymbols(new int[] {0, 1}), HmmSpec.categorical(2, 2)))
        .isInstanceOf(BadInputException.class).hasMessageContaining("kmeans");
  }

  @Test
  void a_sequence_impossible_under_every_state_cannot_be_fitted() {
    HmmModel m = new HmmModel(new double[] {1, 0}, new double[][] {{0.5, 0.5}, {0.5, 0.5}},
        new CategoricalEmission(new double[][] {{1, 0}, {1, 0}}));
    assertThatThrownBy(() -> new HmmTrainer(HmmTrainer.Options.defaults()).fit(Sequences.ofSymbols(new int[] {0, 1}), m))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("probability zero").hasMessageContaining("sequence 0");
  }
}
