package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NbDenseTest {
  private static final List<String> CLASSES = List.of("a", "b", "c");

  private record Data(double[][] x, int[] y) {
    NbData boxed(NbConfig config) {
      List<String> names = new ArrayList<>();
      for (int j = 0; j < x[0].length; j++) {
        names.add("f" + j);
      }
      names.add("label");
      List<Object[]> cells = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        Object[] row = new Object[x[i].length + 1];
        for (int j = 0; j < x[i].length; j++) {
          row[j] = x[i][j];
        }
        row[x[i].length] = CLASSES.get(y[i]);
        cells.add(row);
      }
      return NbData.ofCells("dense-test", names, cells, "label", config);
    }
  }

  private static Data data(int rows, int cols, boolean counts, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[rows][cols];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = i % 3;
      for (int j = 0; j < cols; j++) {
        x[i][j] = counts ? rng.nextInt(1 + (j + y[i]) % 5) : y[i] * (j % 3) + 0.5 + rng.nextGaussian();
      }
    }
    return new Data(x, y);
  }

  @Test
  void dense_gaussian_fit_and_predict_proba_equal_the_boxed_path_bit_for_bit() {
    Data d = data(300, 6, false, 7);
    NbConfig config = NbConfig.defaults();
    double[][] boxed = NbModel.fit(config, d.boxed(config)).predictProba(d.boxed(config));
    Object fingerprint = NbModel.fitDense(config, d.x(), d.y(), CLASSES, 1).provenance().get(0).get("fingerprint");
    for (int threads : new int[] {1, 3}) {
      NbModel dense = NbModel.fitDense(config, d.x(), d.y(), CLASSES, threads);
      assertThat(dense.predictProbaDense(d.x(), threads)).isDeepEqualTo(boxed);
      assertThat(dense.provenance().get(0).get("fingerprint")).isEqualTo(fingerprint);
    }
  }

  @Test
  void dense_multinomial_fit_and_predict_proba_equal_the_boxed_path_bit_for_bit() {
    Data d = data(300, 8, true, 11);
    NbConfig config = NbConfig.defaults(NbKind.MULTINOMIAL).withAlpha(0.5);
    NbModel boxedModel = NbModel.fit(config, d.boxed(config));
    double[][] boxed = boxedModel.predictProba(d.boxed(config));
    for (int threads : new int[] {1, 3}) {
      NbModel dense = NbModel.fitDense(config, d.x(), d.y(), CLASSES, threads);
      assertThat(dense.predictProbaDense(d.x(), threads)).isDeepEqualTo(boxed);
      assertThat(dense.classCount()).isEqualTo(boxedModel.classCount());
    }
  }

  @Test
  void dense_fit_rejects_negative_counts_and_unknown_class_indexes() {
    NbConfig multinomial = NbConfig.defaults(NbKind.MULTINOMIAL);
    assertThatThrownBy(() -> NbModel.fitDense(multinomial, new double[][] {{1, -1}}, new int[] {0}, CLASSES, 1))
        .isInstanceOf(BadInputException.class).hasMessage("row 0: -1.0 is not a valid count");
    assertThatThrownBy(() -> NbModel.fitDense(NbConfig.defaults(), new double[][] {{1, 2}}, new int[] {3}, CLASSES, 1))
        .isInstanceOf(BadInputException.class).hasMessage("row 0: class index 3 is outside 0..2");
  }

  @Test
  void an_error_in_one_part_of_a_threaded_run_reaches_the_caller() {
    Data d = data(5_000, 2, true, 3);
    NbModel model = NbModel.fitDense(NbConfig.defaults(NbKind.MULTINOMIAL), d.x(), d.y(), CLASSES, 2);
    d.x()[4_000] = new double[] {1, 2, 3};
    assertThatThrownBy(() -> model.predictProbaDense(d.x(), 2))
        .isInstanceOf(BadInputException.class).hasMessage("row 4000 has 3 values, the model 2 columns");
  }
}
