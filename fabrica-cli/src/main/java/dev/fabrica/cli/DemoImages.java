package dev.fabrica.cli;

import static dev.fabrica.cli.report.HtmlPage.esc;

import ai.djl.ndarray.NDManager;
import dev.fabrica.cli.report.HtmlPage;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.classify.ClassifierTrainer;
import dev.fabrica.neural.gan.GanConfig;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.PngGrid;
import dev.fabrica.neural.run.ImageGenerator;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.run.ImageScores;
import dev.fabrica.neural.vae.VaeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The demo's image part: on a subset of Fashion-MNIST, a metrics classifier, an MLP VAE, a DCGAN
 * and a conditional GAN are trained briefly, then sampled and scored; the report shows the grids,
 * the loss curves and the scores against their floor and ceiling.
 */
final class DemoImages {
  static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  /** Samples per model behind the demo's scores. */
  static final int SCORED = 1000;

  private DemoImages() {}

  /** The Fashion-MNIST directory, installed with apt-get when missing and allowed; null if absent. */
  static Path locate(boolean install, Reporter rep) {
    Path probe = DEBIAN_DIR.resolve("t10k-images-idx3-ubyte.gz");
    if (!Files.isRegularFile(probe) && install && FortuneCorpus.canApt()) {
      rep.info("demo: installing Debian's dataset-fashion-mnist (apt-get) ...");
      if (!FortuneCorpus.apt("install", "-y", "-qq", "dataset-fashion-mnist")) {
        FortuneCorpus.apt("update", "-qq");
        FortuneCorpus.apt("install", "-y", "-qq", "dataset-fashion-mnist");
      }
    }
    return Files.isRegularFile(probe) ? DEBIAN_DIR : null;
  }

  /** Trains, samples and scores; returns the report section's HTML. */
  static String run(Path data, Path out, int limit, double epochs, long seed, int threads, Reporter rep) throws IOException {
    long t0 = System.nanoTime();
    Torch.start(threads);
    Path runs = out.resolve("runs");
    ImageRuns.TrainOptions o = new ImageRuns.TrainOptions(data, epochs, null, null, limit, false, true, threads);
    rep.info("demo: training the metrics classifier on " + limit + " images");
    ImageRuns.trainClassifier(runs.resolve("classifier"), new ImageRuns.ClassifierConfig(64, 1e-3, seed), o, rep);
    rep.info("demo: training a VAE");
    ImageRuns.trainVae(runs.resolve("vae"), VaeConfig.defaults().withSeed(seed), o, rep);
    rep.info("demo: training a DCGAN");
    ImageRuns.trainGan(runs.resolve("gan"), GanConfig.dcgan().withSeed(seed).withBatch(64), o, rep);
    rep.info("demo: training a conditional GAN");
    ImageRuns.trainGan(runs.resolve("cgan"), GanConfig.cgan().withSeed(seed).withBatch(64), o, rep);

    ImageSet train = ImageSet.fashionMnist(data, true).head(limit);
    ImageSet test = ImageSet.fashionMnist(data, false);
    StringBuilder b = new StringBuilder();
    try (NDManager m = NDManager.newBaseManager(); Classifier clf = ImageRuns.loadClassifier(runs.resolve("classifier"), m)) {
      double acc = ClassifierTrainer.accuracy(clf, test, m).get("test_accuracy");
      b.append(String.format("<p>Fashion-MNIST from <code>%s</code>: the first %,d of its 60,000 training images, %.1f epoch%s each, "
          + "scored on all %,d test images. A small CNN trained on the same subset (test accuracy %.1f%%) supplies the "
          + "features of the scores: FID-FMNIST (Fréchet distance of its 128-d features, lower is better), KID, and an "
          + "inception-score-like diversity (higher is better, 10 at most). The floor is real training images, the "
          + "ceiling uniform noise. Took %.0f s on %d threads; the full recipe is <code>fabrica train vae|gan|cgan</code> (see the README).</p>",
          esc(data), train.size(), epochs, epochs == 1 ? "" : "s", test.size(), 100 * acc, (System.nanoTime() - t0) / 1e9, threads));
      List<List<?>> rows = new ArrayList<>();
      StringBuilder figs = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:16px\">");
      Map<String, Object> floor = null;
      Map<String, Object> ceiling = null;
      ImageScores.Reference ref = ImageScores.reference(clf, train, test, SCORED, seed, Reporter.silent(), m);
      for (String kind : List.of("vae", "gan", "cgan")) {
        Path run = runs.resolve(kind);
        try (ImageGenerator g = ImageRuns.load(run, m)) {
          Map<String, Object> s = ImageScores.score(g, clf, ref, SCORED, seed, Reporter.silent(), m);
          rows.add(List.of(kind, fmt(s.get("fid_fmnist")), fmt(s.get("kid")), fmt(s.get("inception_score")),
              s.containsKey("class_accuracy") ? fmt(s.get("class_accuracy")) : "–",
              s.containsKey("class_spread") ? fmt(s.get("class_spread")) : "–"));
          floor = cast(s.get("floor"));
          ceiling = cast(s.get("ceiling"));
          int n = g.conditional() ? 8 * g.classes().size() : 64;
          int[] rowsOfClasses = null;
          if (g.conditional()) {
            rowsOfClasses = new int[n];
            for (int i = 0; i < n; i++) {
              rowsOfClasses[i] = i / 8; // one class per row of 8
            }
          }
          float[] grid = g.generate(n, rowsOfClasses, seed, m);
          Path png = run.resolve("demo-samples.png");
          PngGrid.write(png, grid, n, 1, 28, 28, 8, 0f, 1f, 2);
          String caption = kind.equals("cgan") ? "cGAN: one class per row: " + String.join(", ", g.classes()) : kind.toUpperCase() + " samples";
          figs.append(figure(png, caption)).append(figure(run.resolve("loss.png"), kind.toUpperCase() + " loss"));
        }
      }
      figs.append("</div>");
      rows.add(List.of("floor: real images", fmt(floor.get("fid_fmnist")), fmt(floor.get("kid")), fmt(floor.get("inception_score")), "–", "–"));
      rows.add(List.of("ceiling: noise", fmt(ceiling.get("fid_fmnist")), fmt(ceiling.get("kid")), fmt(ceiling.get("inception_score")), "–", "–"));
      b.append(HtmlPage.table(List.of("model", "FID-FMNIST", "KID", "inception-like score", "class accuracy",
          "within-class spread"), rows));
      b.append("<p>Within-class spread: how much a conditional model's images of one class vary, as the total variance of "
          + "their features over that of the real test images of the class, averaged over the classes (1: as varied as "
          + "the data; near 0: every image of a class alike, a collapse the class accuracy does not show).</p>");
      b.append(figs);
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  static String fmt(Object v) {
    return v instanceof Number n ? String.format("%.3f", n.doubleValue()) : String.valueOf(v);
  }

  static String figure(Path png, String caption) throws IOException {
    String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    return "<figure style=\"margin:0\"><img style=\"max-width:420px\" src=\"data:image/png;base64," + data + "\" alt=\""
        + esc(caption) + "\"><figcaption>" + esc(caption) + "</figcaption></figure>";
  }
}
