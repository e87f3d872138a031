package dev.fabrica.neural.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.core.Reporter;
import dev.fabrica.tabular.Holdout;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TableIO;
import dev.fabrica.tabular.eval.Evaluation;
import dev.fabrica.tabular.meta.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The targets for the neural synthesizers, met by TVAE at 1,000 epochs (about 10-15 s a table on one thread). */
@Tag("slow")
class TvaeRealDataSlowTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"wine_data.csv", "breast_cancer.csv"})
  void tvae_meets_the_quality_detection_and_privacy_targets(String file) {
    Path p = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data").resolve(file);
    Assumptions.assumeTrue(Files.isRegularFile(p), "python3-sklearn not installed");
    Table t = TableIO.read(p);
    Metadata meta = Metadata.detect(t);
    Holdout h = Holdout.split(t, 0.2, 42);
    try (TvaeModel m = TvaeModel.train(h.train(), meta, TvaeConfig.defaults().withEpochs(1000), dir, 1, Reporter.silent())) {
      Evaluation e = Evaluation.run(h.train(), h.heldOut(), m.sample(5000, 42, Map.of()), meta, null, 42);
      assertThat(e.overall()).isGreaterThanOrEqualTo(0.85);
      assertThat(e.detectionAuc()).isLessThanOrEqualTo(0.75);
      assertThat(e.privacy().get("exact_copies")).isEqualTo(0L);
    }
  }
}
