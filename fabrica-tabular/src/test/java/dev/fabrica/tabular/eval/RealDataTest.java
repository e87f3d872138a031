package dev.fabrica.tabular.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.tabular.Holdout;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Tables;
import dev.fabrica.tabular.copula.CopulaConfig;
import dev.fabrica.tabular.copula.CopulaModel;
import dev.fabrica.tabular.copula.CopulaSynthesizer;
import dev.fabrica.tabular.meta.Metadata;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The targets for the copula on scikit-learn's wine and breast cancer tables (when installed). */
class RealDataTest {
  @ParameterizedTest
  @ValueSource(strings = {"wine_data.csv", "breast_cancer.csv"})
  void copula_meets_the_quality_detection_and_privacy_targets(String file) {
    Table t = Tables.sklearn(file);
    Assumptions.assumeTrue(t != null, "python3-sklearn not installed");
    Holdout h = Holdout.split(t, 0.2, 42);
    Metadata meta = Metadata.detect(t);
    CopulaModel model = CopulaSynthesizer.fit(h.train(), meta, CopulaConfig.defaults());
    Table s = model.sample(2000, 1, Map.of());
    Evaluation e = Evaluation.run(h.train(), h.heldOut(), s, meta, null, 1);
    assertThat(e.overall()).isGreaterThanOrEqualTo(0.90);
    assertThat(e.detectionAuc()).isLessThanOrEqualTo(0.75);
    assertThat(e.privacy().get("exact_copies")).isEqualTo(0L);
  }
}
