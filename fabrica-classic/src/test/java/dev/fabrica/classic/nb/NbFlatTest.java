package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The flat row-major path against the boxed one: same parameters, lengths and probabilities, bit for bit. */
class NbFlatTest {
  private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

  /** Flat rows of class i % k; counts are whole unless {@code step} is fractional. */
  private record Flat(double[] x, int cols, int[] y, List<String> classes) {
    static Flat counts(int rows, int cols, int k, double step, long seed) {
      SplittableRandom rng = new SplittableRandom(seed);
      double[] x = new double[rows * cols];
      int[] y = new int[rows];
      for (int i = 0; i < rows; i++) {
        y[i] = i % k;
        for (int j = 0; j < cols; j++) {
          x[i * cols + j] = rng.nextInt(1 + (j + y[i]) % 6) * step;
        }
      }
      return new Flat(x, cols, y, FIVE.subList(0, k));
    }

    double[][] rows() {
      return NbFlat.toRows(x, cols);
    }

    NbData boxed(NbConfig config) {
      List<String> names = new ArrayList<>();
      for (int j = 0; j < cols; j++) {
        names.add("f" + j);
      }
      names.add("label");
      List<Object[]> cells = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        Object[] row = new Object[cols + 1];
        for (int j = 0; j < cols; j++) {
          row[j] = x[i * cols + j];
        }
        row[cols] = classes.get(y[i]);
        cells.add(row);
      }
      return NbData.ofCells("flat-test", names, cells, "label", config);
    }
  }

  private static double[] flatten(double[][] p) {
    double[] out = new double[p.length * p[0].length];
    for (int i = 0; i < p.length; i++) {
      System.arraycopy(p[i], 0, out, i * p[0].length, p[0].length);
    }
    return out;
  }

  /** A block's statistics and parameters, without the column names (the tables name columns differently). */
  private static String stats(NbModel m) throws JsonProcessingException {
    Map<String, Object> s = new LinkedHashMap<>(m.blocks().get(0).toJson(m.table()));
    s.remove("columns");
    s.remove("vocabulary");
    return Json.MAPPER.writeValueAsString(s); // doubles written exactly (shortest round-trip form)
  }

  private static void assertSameAsBoxed(Flat d, NbConfig config) throws JsonProcessingException {
    NbModel boxed = NbModel.fit(config, d.boxed(config));
    double[] expected = flatten(boxed.predictProba(d.boxed(config)));
    Object fingerprint = NbModel.fitDense(config, d.rows(), d.y(), d.classes(), 1).provenance().get(0).get("fingerprint");
    for (int threads : new int[] {1, 2, 3}) {
      NbModel flat = NbModel.fitDense(config, d.x(), d.cols(), d.y(), d.classes(), threads);
      assertThat(stats(flat)).isEqualTo(stats(boxed));
      assertThat(flat.classCount()).isEqualTo(boxed.classCount());
      assertThat(flat.predictProbaDense(d.x(), d.cols(), threads)).isEqualTo(expected);
      assertThat(flat.provenance().get(0).get("fingerprint")).isEqualTo(fingerprint);
    }
  }

  @Test
  void whole_counts_split_over_row_ranges_equal_the_boxed_path_bit_for_bit() throws JsonProcessingException {
    // 20,001 rows: several row ranges, an odd range with a single last row; 5 classes: a group of
    // four classes and one left over in the two-row kernel
    assertSameAsBoxed(Flat.counts(20_001, 7, 5, 1, 3), NbConfig.defaults(NbKind.MULTINOMIAL).withAlpha(0.5));
  }

  @Test
  void fractional_counts_are_added_in_row_order_and_equal_the_boxed_path_bit_for_bit() throws JsonProcessingException {
    // 0.1 steps: partial sums added in another order would differ in the last bits
    assertSameAsBoxed(Flat.counts(20_000, 6, 3, 0.1, 5), NbConfig.defaults(NbKind.MULTINOMIAL));
  }

  @Test
  void complement_counts_equal_the_boxed_path_bit_for_bit() throws JsonProcessingException {
    assertSameAsBoxed(Flat.counts(9_000, 5, 4, 1, 9), NbConfig.defaults(NbKind.COMPLEMENT));
  }

  @Test
  void long_rows_keep_their_lengths_in_the_histogram() throws JsonProcessingException {
    Flat d = Flat.counts(10_000, 4, 2, 1, 13);
    d.x()[0] = 70_000; // a length past the per-part arrays
    d.x()[4 * 3] = 300; // past the first array size
    assertSameAsBoxed(d, NbConfig.defaults(NbKind.MULTINOMIAL));
    NbModel m = NbModel.fitDense(NbConfig.defaults(NbKind.MULTINOMIAL), d.x(), 4, d.y(), d.classes(), 2);
    @SuppressWarnings("unchecked")
    List<Map<String, Long>> lengths = (List<Map<String, Long>>) m.blocks().get(0).toJson(m.table()).get("lengths");
    assertThat(lengths.get(0)).containsKey(Long.toString(70_000 + Math.round(d.x()[1] + d.x()[2] + d.x()[3])));
  }

  @Test
  void finite_counts_whose_row_sum_overflows_are_accepted_as_the_boxed_path_accepts_them() throws JsonProcessingException {
    Flat d = new Flat(new double[] {1e308, 1e308, 1, 2, 3, 4}, 2, new int[] {0, 1, 0}, FIVE.subList(0, 2));
    assertSameAsBoxed(d, NbConfig.defaults(NbKind.MULTINOMIAL));
  }

  @Test
  void gaussian_flat_fit_and_predict_equal_the_row_path() {
    SplittableRandom rng = new SplittableRandom(17);
    double[] x = new double[3_001 * 4];
    int[] y = new int[3_001];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = y[i] * (j % 2) + rng.nextGaussian();
      }
    }
    List<String> classes = FIVE.subList(0, 3);
    NbModel rows = NbModel.fitDense(NbConfig.defaults(), NbFlat.toRows(x, 4), y, classes, 2);
    NbModel flat = NbModel.fitDense(NbConfig.defaults(), x, 4, y, classes, 2);
    assertThat(flat.predictProbaDense(x, 4, 2)).isEqualTo(flatten(rows.predictProbaDense(NbFlat.toRows(x, 4), 2)));
    assertThat(flat.provenance()).isEqualTo(rows.provenance());
  }

  @Test
  void flat_fit_rejects_bad_counts_labels_and_shapes() {
    NbConfig multinomial = NbConfig.defaults(NbKind.MULTINOMIAL);
    List<String> three = FIVE.subList(0, 3);
    assertThatThrownBy(() -> NbModel.fitDense(multinomial, new double[] {1, 2, 1, -1}, 2, new int[] {0, 1}, three, 1))
        .isInstanceOf(BadInputException.class).hasMessage("row 1: -1.0 is not a valid count");
    assertThatThrownBy(() -> NbModel.fitDense(multinomial, new double[] {1, 2, Double.NaN, 1}, 2, new int[] {0, 1},
        three, 1)).isInstanceOf(BadInputException.class).hasMessage("row 1: NaN is not a valid count");
    assertThatThrownBy(() -> NbModel.fitDense(multinomial, new double[] {1, 2, 1, Double.POSITIVE_INFINITY}, 2,
        new int[] {0, 1}, three, 1)).isInstanceOf(BadInputException.class).hasMessage("row 1: Infinity is not a valid count");
    assertThatThrownBy(() -> NbModel.fitDense(multinomial, new double[] {1, 2, 1, 1}, 2, new int[] {0, 3}, three, 1))
        .isInstanceOf(BadInputException.class).hasMessage("row 1: class index 3 is outside 0..2");
    assertThatThrownBy(() -> NbModel.fitDense(multinomial, new double[] {1, 2, 3}, 2, new int[] {0, 1}, three, 1))
        .isInstanceOf(BadInputException.class).hasMessageContaining("whole rows of 2 columns");
    NbModel m = NbModel.fitDense(multinomial, new double[] {1, 2, 3, 4}, 2, new int[] {0, 1}, three, 1);
    assertThatThrownBy(() -> m.predictProbaDense(new double[] {1, 2, 3}, 3, 1))
        .isInstanceOf(BadInputException.class).hasMessage("rows have 3 values, the model 2 columns");
  }
}
