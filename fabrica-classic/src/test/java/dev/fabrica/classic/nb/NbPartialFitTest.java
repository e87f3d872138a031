package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fitting in batches gives the very model one fit on the concatenation gives. */
class NbPartialFitTest {
  private static void assertSameModel(NbModel a, NbModel b, NbData data) {
    assertThat(b.classCount()).containsExactly(a.classCount());
    for (int i = 0; i < data.size(); i++) {
      assertThat(b.jointLogLikelihood(data.features(i))).containsExactly(a.jointLogLikelihood(data.features(i)));
    }
  }

  private static NbModel inThreeBatches(NbConfig config, NbData data) {
    NbModel m = NbModel.empty(config, data.table(), NbModel.fit(config, data).classes());
    int n = data.size();
    return m.partialFit(data.slice(0, n / 3)).partialFit(data.slice(n / 3, n / 2)).partialFit(data.slice(n / 2, n));
  }

  @Test
  void gaussian_partial_fit_in_three_batches_equals_one_fit() throws IOException {
    JsonNode g = NbSklearnParityTest.golden("gaussian-iris.json");
    NbConfig config = NbConfig.defaults().withVarSmoothing(0.1);
    // iris rows are sorted by class, so the batches see different classes: the hard case
    NbData data = NbSklearnParityTest.data(g, config);
    assertSameModel(NbModel.fit(config, data), inThreeBatches(config, data), data);
  }

  @Test
  void multinomial_and_categorical_partial_fits_equal_one_fit() throws IOException {
    NbConfig multi = NbConfig.defaults(NbKind.MULTINOMIAL);
    NbData counts = NbSklearnParityTest.data(NbSklearnParityTest.golden("multinomial-counts.json"), multi);
    assertSameModel(NbModel.fit(multi, counts), inThreeBatches(multi, counts), counts);
    NbConfig cat = NbConfig.defaults(NbKind.CATEGORICAL);
    NbData codes = NbSklearnParityTest.data(NbSklearnParityTest.golden("categorical-codes.json"), cat);
    assertSameModel(NbModel.fit(cat, codes), inThreeBatches(cat, codes), codes);
  }

  @Test
  void mixed_partial_fit_with_missing_values_equals_one_fit() {
    NbData data = NbSamplingTest.shop(400, 3L);
    NbConfig config = NbSamplingTest.SHOP;
    NbModel one = NbModel.fit(config, data);
    NbModel batches = inThreeBatches(config, data);
    assertSameModel(one, batches, data);
    assertThat(batches.sample(50, 9L).rows().stream().map(r -> java.util.Arrays.asList(r.values())).toList())
        .isEqualTo(one.sample(50, 9L).rows().stream().map(r -> java.util.Arrays.asList(r.values())).toList());
  }

  @Test
  void partial_fit_leaves_the_earlier_model_unchanged() throws IOException {
    NbConfig config = NbConfig.defaults();
    NbData data = NbSklearnParityTest.data(NbSklearnParityTest.golden("gaussian-iris.json"), config);
    NbModel first = NbModel.empty(config, data.table(), List.of("setosa", "versicolor", "virginica"))
        .partialFit(data.slice(0, 100));
    double[] before = first.jointLogLikelihood(data.features(120));
    first.partialFit(data.slice(100, 150));
    assertThat(first.jointLogLikelihood(data.features(120))).containsExactly(before);
  }
}
