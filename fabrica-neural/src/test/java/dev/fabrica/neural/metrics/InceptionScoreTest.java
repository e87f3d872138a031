package dev.fabrica.neural.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InceptionScoreTest {
  @Test
  void uniform_predictions_score_one() {
    double[][] probs = new double[30][10];
    for (double[] row : probs) {
      Arrays.fill(row, 0.1);
    }
    InceptionScore is = InceptionScore.of(probs, 3);
    assertThat(is.mean()).isCloseTo(1, within(1e-12));
    assertThat(is.std()).isCloseTo(0, within(1e-12));
  }

  @Test
  void confident_predictions_spread_evenly_over_k_classes_score_k() {
    // sample r is one-hot on class r mod 4; each of the 2 splits holds 5 of every class
    double[][] probs = new double[40][4];
    for (int r = 0; r < probs.length; r++) {
      probs[r][r % 4] = 1;
    }
    InceptionScore is = InceptionScore.of(probs, 2);
    assertThat(is.mean()).isCloseTo(4, within(1e-12));
    assertThat(is.std()).isCloseTo(0, within(1e-12));
    assertThat(is.splits()).isEqualTo(2);
  }

  @Test
  void one_confident_and_one_unsure_prediction_score_four_thirds_to_the_three_quarters() {
    // p(y) = (3/4, 1/4); KL₁ = log(4/3), KL₂ = ½ log(2/3) + ½ log 2 = ½ log(4/3);
    // mean KL = ¾ log(4/3), IS = (4/3)^¾
    InceptionScore is = InceptionScore.of(new double[][] {{1, 0}, {0.5, 0.5}}, 1);
    assertThat(is.mean()).isCloseTo(Math.pow(4.0 / 3, 0.75), within(1e-15));
  }

  @Test
  void the_std_is_taken_over_splits_with_divisor_the_number_of_splits() {
    // split 0 is all class 0 (IS 1), split 1 spreads over two classes (IS 2): mean 1.5, std 0.5
    double[][] probs = {{1, 0}, {1, 0}, {1, 0}, {0, 1}};
    InceptionScore is = InceptionScore.of(probs, 2);
    assertThat(is.mean()).isCloseTo(1.5, within(1e-15));
    assertThat(is.std()).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void rows_that_are_not_distributions_and_bad_split_counts_are_rejected() {
    assertThatThrownBy(() -> InceptionScore.of(new double[][] {{0.5, 0.5}, {0.7, 0.7}}, 1))
        .isInstanceOf(BadInputException.class)
        .hasMessage("sample 1: probabilities sum to 1.4, not 1");
    assertThatThrownBy(() -> InceptionScore.of(new double[][] {{1.5, -0.5}}, 1))
        .isInstanceOf(BadInputException.class)
        .hasMessage("sample 0, class 0: probability 1.5 is outside [0, 1]");
    assertThatThrownBy(() -> InceptionScore.of(new double[][] {{1, 0}}, 2))
        .isInstanceOf(BadInputException.class)
        .hasMessage("splits must be in 1..1 (the number of samples), got 2");
  }
}
