package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * predictProba against scikit-learn 1.2.1 on the golden files that
 * src/test/resources/nb/make_golden.py writes (see its docstring), within 1e-9 relative.
 */
class NbSklearnParityTest {
  static JsonNode golden(String name) throws IOException {
    try (InputStream in = NbSklearnParityTest.class.getResourceAsStream("/nb/" + name)) {
      assertThat(in).as(name).isNotNull();
      return Json.MAPPER.readTree(in);
    }
  }

  /** The golden rows as an NbData: integer-valued numbers as Longs, the label last. */
  static NbData data(JsonNode g, NbConfig config) {
    List<String> names = new ArrayList<>();
    g.get("columns").forEach(c -> names.add(c.asText()));
    names.add("label");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < g.get("X").size(); i++) {
      JsonNode x = g.get("X").get(i);
      Object[] row = new Object[x.size() + 1];
      for (int j = 0; j < x.size(); j++) {
        row[j] = x.get(j).isIntegralNumber() ? (Object) x.get(j).asLong() : (Object) x.get(j).asDouble();
      }
      row[x.size()] = g.get("y").get(i).asText();
      rows.add(row);
    }
    return NbData.ofCells("golden", names, rows, "label", config);
  }

  static void assertProbaMatch(NbModel m, NbData data, JsonNode fit) {
    List<String> classes = new ArrayList<>();
    fit.get("classes").forEach(c -> classes.add(c.asText()));
    assertThat(m.classes()).isEqualTo(classes);
    assertThat(m.classLogPrior()).containsExactly(Block.vector(fit.get("class_log_prior")), within(1e-12));
    double[][] p = m.predictProba(data);
    JsonNode expected = fit.get("predict_proba");
    for (int i = 0; i < p.length; i++) {
      for (int c = 0; c < p[i].length; c++) {
        double e = expected.get(i).get(c).asDouble();
        assertThat(Math.abs(p[i][c] - e))
            .as("row %d class %s: %s vs scikit-learn %s", i, classes.get(c), p[i][c], e)
            .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(e), Math.abs(p[i][c])) + 1e-300);
      }
    }
  }

  @Test
  void gaussian_matches_scikit_learn_on_iris_for_both_smoothings() throws IOException {
    JsonNode g = golden("gaussian-iris.json");
    for (JsonNode fit : g.get("fits")) {
      NbConfig config = NbConfig.defaults().withVarSmoothing(fit.get("params").get("var_smoothing").asDouble());
      NbData data = data(g, config);
      NbModel m = NbModel.fit(config, data);
      assertProbaMatch(m, data, fit);
      GaussianBlock b = (GaussianBlock) m.blocks().get(0);
      for (int c = 0; c < 3; c++) {
        assertThat(b.theta()[c]).containsExactly(Block.vector(fit.get("theta").get(c)), within(1e-12));
        assertThat(b.variance()[c]).containsExactly(Block.vector(fit.get("var").get(c)), within(1e-12));
      }
    }
  }

  @Test
  void multinomial_matches_scikit_learn_on_counts() throws IOException {
    check("multinomial-counts.json", NbConfig.defaults(NbKind.MULTINOMIAL));
  }

  @Test
  void bernoulli_matches_scikit_learn_with_a_binarize_threshold() throws IOException {
    check("bernoulli-counts.json", NbConfig.defaults(NbKind.BERNOULLI));
  }

  @Test
  void categorical_matches_scikit_learn_on_integer_codes() throws IOException {
    check("categorical-codes.json", NbConfig.defaults(NbKind.CATEGORICAL));
  }

  @Test
  void complement_matches_scikit_learn_without_normalization() throws IOException {
    check("complement-counts.json", NbConfig.defaults(NbKind.COMPLEMENT));
  }

  private static void check(String name, NbConfig base) throws IOException {
    JsonNode g = golden(name);
    for (JsonNode fit : g.get("fits")) {
      JsonNode params = fit.get("params");
      NbConfig config = base.withAlpha(params.get("alpha").asDouble());
      if (params.has("binarize")) {
        config = config.withBinarize(params.get("binarize").asDouble());
      }
      NbData data = data(g, config);
      assertProbaMatch(NbModel.fit(config, data), data, fit);
    }
  }
}
