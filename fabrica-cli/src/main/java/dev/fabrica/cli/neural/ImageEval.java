package dev.fabrica.cli.neural;

import ai.djl.ndarray.NDManager;
import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.run.ImageGenerator;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.run.ImageScores;
import dev.fabrica.neural.vae.VaeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code fabrica eval} for image runs. */
public final class ImageEval {
  private ImageEval() {}

  public static Map<String, Object> eval(Path run, Path data, Path classifierRun, int n, Double psi, CommonOptions common) {
    if (n < 2) {
      throw new BadInputException("-n must be at least 2 for image scores, got " + n);
    }
    Path clfRun = classifierRun != null ? classifierRun : run.toAbsolutePath().getParent().resolve("classifier");
    if (!Files.isDirectory(clfRun)) {
      throw new BadInputException("no metrics classifier at " + clfRun
          + ": train one with 'fabrica train classifier --out " + clfRun + "' or pass --classifier RUN");
    }
    Path dir = data != null ? data : Path.of(String.valueOf(ImageRuns.readConfig(run).get("data")));
    Reporter r = common.reporter();
    Torch.start(common.threads());
    ImageSet train = ImageSet.fashionMnist(dir, true);
    ImageSet test = ImageSet.fashionMnist(dir, false);
    try (NDManager m = NDManager.newBaseManager();
        ImageGenerator g = ImageRuns.load(run, m, psi);
        Classifier clf = ImageRuns.loadClassifier(clfRun, m)) {
      Map<String, Object> out = new LinkedHashMap<>(ImageScores.score(g, clf, train, test, n, common.seed(), r, m));
      if (g instanceof dev.fabrica.neural.run.PromptGenerator pg) {
        out.putAll(dev.fabrica.neural.run.PromptAccuracy.measure(pg, clf, n, common.seed(), r, m));
      }
      if (g.kind().equals("vae")) {
        out.putAll(VaeTrainer.testLoss(test, ImageRuns.vaeOf(g), false, common.seed(), m));
        out.putAll(VaeTrainer.testLoss(test, ImageRuns.vaeOf(g), true, common.seed(), m));
      }
      out.put("psi", psi != null ? psi : ImageRuns.defaultPsi(g.kind()));
      out.put("classifier", clfRun.toString());
      out.put("data", dir.toString());
      out.put("seed", common.seed());
      return out;
    }
  }
}
