package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Models fitted on consecutive parts and merged in order equal one fit on all rows: counts and
 * vocabularies exactly (categories and tokens in first-seen order), Gaussian moments to rounding.
 */
class NbMergeTest {
  /** Fits each of {@code parts} consecutive slices from an empty model and merges them in order. */
  private static NbModel inParts(NbConfig config, NbData data, int parts) {
    List<String> classes = NbModel.fit(config, data).classes();
    NbModel merged = NbModel.empty(config, data.table(), classes);
    int n = data.size();
    for (int p = 0; p < parts; p++) {
      merged = merged.merge(NbModel.empty(config, data.table(), classes).partialFit(data.slice(p * n / parts, (p + 1) * n / parts)));
    }
    return merged;
  }

  private static void assertSameModel(NbModel a, NbModel b, NbData data) {
    assertThat(b.classCount()).containsExactly(a.classCount());
    assertThat(b.classLogPrior()).containsExactly(a.classLogPrior());
    for (int i = 0; i < data.size(); i++) {
      double[] ja = a.jointLogLikelihood(data.features(i));
      double[] jb = b.jointLogLikelihood(data.features(i));
      for (int c = 0; c < ja.length; c++) {
        assertThat(jb[c]).as("row " + i + " class " + c).isCloseTo(ja[c], within(1e-9 * Math.max(1, Math.abs(ja[c]))));
      }
    }
  }

  @Test
  void gaussian_parts_sorted_by_class_merge_into_the_one_pass_model() throws IOException {
    NbConfig config = NbConfig.defaults().withVarSmoothing(0.1);
    // iris rows are sorted by class, so parts see different classes and a class's first part may be empty
    NbData data = NbSklearnParityTest.data(NbSklearnParityTest.golden("gaussian-iris.json"), config);
    assertSameModel(NbModel.fit(config, data), inParts(config, data, 4), data);
  }

  @Test
  void counts_and_categories_merge_exactly() throws IOException {
    NbConfig multi = NbConfig.defaults(NbKind.MULTINOMIAL);
    NbData counts = NbSklearnParityTest.data(NbSklearnParityTest.golden("multinomial-counts.json"), multi);
    NbModel one = NbModel.fit(multi, counts);
    NbModel merged = inParts(multi, counts, 3);
    for (int i = 0; i < counts.size(); i++) {
      assertThat(merged.jointLogLikelihood(counts.features(i))).containsExactly(one.jointLogLikelihood(counts.features(i)));
    }
    NbConfig cat = NbConfig.defaults(NbKind.CATEGORICAL);
    NbData codes = NbSklearnParityTest.data(NbSklearnParityTest.golden("categorical-codes.json"), cat);
    NbModel oneCat = NbModel.fit(cat, codes);
    NbModel mergedCat = inParts(cat, codes, 5);
    for (int i = 0; i < codes.size(); i++) {
      assertThat(mergedCat.jointLogLikelihood(codes.features(i))).containsExactly(oneCat.jointLogLikelihood(codes.features(i)));
    }
  }

  @Test
  void mixed_parts_with_text_and_missing_values_sample_the_same_categories_and_tokens() {
    NbData data = NbSamplingTest.shop(400, 3L);
    NbConfig config = NbSamplingTest.SHOP;
    NbModel one = NbModel.fit(config, data);
    NbModel merged = inParts(config, data, 3);
    assertSameModel(one, merged, data);
    List<dev.fabrica.data.table.Row> a = one.sample(200, 9L).rows();
    List<dev.fabrica.data.table.Row> b = merged.sample(200, 9L).rows();
    for (int i = 0; i < a.size(); i++) {
      Object[] x = a.get(i).values();
      Object[] y = b.get(i).values();
      for (int j = 0; j < x.length; j++) {
        if (x[j] instanceof Double d) {
          assertThat((Double) y[j]).isCloseTo(d, within(1e-9 * Math.max(1, Math.abs(d))));
        } else {
          assertThat(y[j]).as("sample " + i + " cell " + j).isEqualTo(x[j]);
        }
      }
    }
  }

  @Test
  void models_of_different_classes_do_not_merge() throws IOException {
    NbConfig config = NbConfig.defaults();
    NbData data = NbSklearnParityTest.data(NbSklearnParityTest.golden("gaussian-iris.json"), config);
    NbModel a = NbModel.empty(config, data.table(), List.of("setosa", "versicolor", "virginica"));
    NbModel b = NbModel.empty(config, data.table(), List.of("setosa", "versicolor"));
    assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes");
  }
}
