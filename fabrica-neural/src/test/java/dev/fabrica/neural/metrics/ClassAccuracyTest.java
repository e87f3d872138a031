package dev.fabrica.neural.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import org.junit.jupiter.api.Test;

class ClassAccuracyTest {
  @Test
  void three_of_four_argmax_hits_give_three_quarters() {
    double[][] scores = {{0.9, 0.1, 0}, {0.2, 0.7, 0.1}, {0.1, 0.1, 0.8}, {0.6, 0.3, 0.1}};
    assertThat(ClassAccuracy.of(scores, new int[] {0, 1, 2, 1})).isEqualTo(0.75);
  }

  @Test
  void a_tie_goes_to_the_first_class() {
    assertThat(ClassAccuracy.of(new double[][] {{0.5, 0.5}}, new int[] {0})).isEqualTo(1);
    assertThat(ClassAccuracy.of(new double[][] {{0.5, 0.5}}, new int[] {1})).isEqualTo(0);
  }

  @Test
  void a_wanted_class_outside_the_scores_is_rejected() {
    assertThatThrownBy(() -> ClassAccuracy.of(new double[][] {{0.5, 0.5}}, new int[] {2}))
        .isInstanceOf(BadInputException.class)
        .hasMessage("sample 0: wanted class 2 is outside 0..1");
  }
}
