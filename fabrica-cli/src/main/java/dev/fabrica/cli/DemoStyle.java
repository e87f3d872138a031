package dev.fabrica.cli;

import ai.djl.ndarray.NDManager;
import dev.fabrica.cli.neural.StyleSampling;
import dev.fabrica.cli.report.HtmlPage;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.PngGrid;
import dev.fabrica.neural.run.ImageGenerator;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.run.ImageScores;
import dev.fabrica.neural.run.PromptAccuracy;
import dev.fabrica.neural.run.PromptGenerator;
import dev.fabrica.neural.style.StyleConfig;
import dev.fabrica.neural.style.StyleGan;
import dev.fabrica.neural.t2i.Captions;
import dev.fabrica.neural.t2i.T2iConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's style and prompt part, on the same Fashion-MNIST subset as {@link DemoImages} and
 * scored with its classifier: a small style-based GAN (a truncation sweep and a style-mixing grid)
 * and a text-to-image model (a few English and Chinese prompts, seen and held out, with their
 * images and how the model read them, and the prompt accuracy).
 */
final class DemoStyle {
  /** Prompts shown, with whether each is a training caption. */
  static final List<String> PROMPTS = List.of("an ankle boot", "一条裤子", "a pair of trainers", "一双运动鞋", "a cozy wool sweater",
      "a spaceship");
  static final double[] PSI = {0, 0.25, 0.5, 0.75, 1};

  private DemoStyle() {}

  static String run(Path data, Path out, int limit, double epochs, long styleSteps, long seed, int threads, Reporter rep)
      throws IOException {
    long t0 = System.nanoTime();
    Torch.start(threads);
    Path runs = out.resolve("runs");
    rep.info("demo: training a style-based GAN for " + styleSteps + " steps");
    StyleConfig sc = StyleConfig.defaults().withSeed(seed).withChannels(32).withBatch(32);
    String diverged = null;
    try {
      ImageRuns.trainStyle(runs.resolve("stylegan"), sc,
          new ImageRuns.TrainOptions(data, 0, styleSteps, null, limit, false, true, threads), rep);
    } catch (dev.fabrica.neural.train.DivergedException e) {
      // a known, not yet explained instability of the StyleGAN's training: say so, go on with t2i
      diverged = e.getMessage();
      rep.warn("demo: the style-based GAN " + diverged);
    }
    rep.info("demo: training a text-to-image model");
    ImageRuns.trainT2i(runs.resolve("t2i"), T2iConfig.defaults().withSeed(seed).withBatch(64),
        Captions.fashion(ImageSet.FASHION_CLASSES), new ImageRuns.TrainOptions(data, epochs, null, null, limit, false, true, threads), rep);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;

    ImageSet train = ImageSet.fashionMnist(data, true).head(limit);
    ImageSet test = ImageSet.fashionMnist(data, false);
    StringBuilder b = new StringBuilder();
    try (NDManager m = NDManager.newBaseManager(); Classifier clf = ImageRuns.loadClassifier(runs.resolve("classifier"), m)) {
      ImageScores.Reference ref = ImageScores.reference(clf, train, test, DemoImages.SCORED, seed, Reporter.silent(), m);
      b.append(String.format("<p>On the same %,d images, scored with the same classifier as section 7. Trained in %.0f s on %d threads: "
          + "a style-based GAN (StyleGAN2's mapping network, modulated and demodulated convolutions, noise inputs, R1; "
          + "32 feature maps, %d steps of %d images) and a text-to-image model (a prompt encoder over English and Chinese "
          + "captions conditioning a projection-discriminator GAN; %.1f epochs). The full recipes are "
          + "<code>fabrica train stylegan</code> and <code>fabrica train t2i</code> (see the README).</p>",
          train.size(), trainSeconds, threads, styleSteps, sc.batch(), epochs));
      List<List<?>> scores = new ArrayList<>();
      StringBuilder figs = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:16px\">");
      if (diverged != null) {
        b.append("<p><b>The style-based GAN's training failed in this run</b>: ").append(HtmlPage.esc(diverged))
            .append(". This happens in some runs and is not explained yet; the text-to-image model below is unaffected.</p>");
      }
      if (diverged == null) {
      try (StyleGan gan = ImageRuns.loadStyle(runs.resolve("stylegan"), m)) {
        long[] seeds = {1, 2, 3, 4};
        int cols = PSI.length;
        float[] sweep = new float[seeds.length * cols * 784];
        for (int j = 0; j < cols; j++) {
          float[] x = gan.render(gan.styles(seeds, m), PSI[j], StyleConfig.NUM_WS, false, m);
          for (int r = 0; r < seeds.length; r++) {
            System.arraycopy(x, r * 784, sweep, (r * cols + j) * 784, 784);
          }
        }
        Path sweepPng = runs.resolve("stylegan/demo-truncation.png");
        PngGrid.write(sweepPng, sweep, seeds.length * cols, 1, 28, 28, cols, -1f, 1f, 2);
        figs.append(DemoImages.figure(sweepPng, "Truncation: seeds 1-4 down, ψ = 0, 0.25, 0.5, 0.75, 1 across (ψ = 0 is the average w)"));
        long[] rows = {1, 2, 3};
        long[] colSeeds = {5, 6, 7, 8};
        float[] grid = StyleSampling.mixingImages(gan, rows, colSeeds, 1, StyleConfig.NUM_WS, false, 3, m);
        Path mixPng = runs.resolve("stylegan/demo-mixing.png");
        PngGrid.write(mixPng, grid, (rows.length + 1) * (colSeeds.length + 1), 1, 28, 28, colSeeds.length + 1, -1f, 1f, 2);
        figs.append(DemoImages.figure(mixPng, "Style mixing: coarse styles (layers 0-2) from the row seeds 1-3, fine ones from the column seeds 5-8"));
      }
      try (ImageGenerator g = ImageRuns.load(runs.resolve("stylegan"), m)) {
        Map<String, Object> s = ImageScores.score(g, clf, ref, DemoImages.SCORED, seed, Reporter.silent(), m);
        scores.add(List.of("stylegan", DemoImages.fmt(s.get("fid_fmnist")), DemoImages.fmt(s.get("kid")), "–", "–", "–"));
      }
      }
      figs.append("</div>");
      StringBuilder prompts = new StringBuilder();
      try (ImageGenerator g0 = ImageRuns.load(runs.resolve("t2i"), m)) {
        PromptGenerator g = (PromptGenerator) g0;
        Map<String, Object> s = ImageScores.score(g, clf, ref, DemoImages.SCORED, seed, Reporter.silent(), m);
        Map<String, Object> acc = PromptAccuracy.measure(g, clf, DemoImages.SCORED, seed, Reporter.silent(), m);
        scores.add(List.of("t2i (psi " + ImageRuns.defaultPsi("t2i") + ")", DemoImages.fmt(s.get("fid_fmnist")), DemoImages.fmt(s.get("kid")),
            DemoImages.fmt(acc.get("prompt_accuracy_seen")), DemoImages.fmt(acc.get("prompt_accuracy_heldout")),
            s.containsKey("class_spread") ? DemoImages.fmt(s.get("class_spread")) : "–"));
        List<List<?>> rowsHtml = new ArrayList<>();
        List<Captions.Caption> seen = g.captions().split(false);
        for (String p : PROMPTS) {
          PromptGenerator.Prompted made = g.generate(p, 8, seed, m);
          Path png = runs.resolve("t2i/demo-prompt-" + rowsHtml.size() + ".png");
          PngGrid.write(png, made.images(), 8, 1, 28, 28, 8, 0f, 1f, 2);
          boolean training = seen.stream().anyMatch(c -> c.text().equals(p));
          rowsHtml.add(List.of(p, training ? "training caption" : "not in the training captions", made.reading().describe(),
              new HtmlPage.Raw(DemoImages.figure(png, p))));
        }
        prompts.append(HtmlPage.table(List.of("prompt", "phrasing", "how the model read it", "8 images"), rowsHtml));
      }
      b.append(HtmlPage.table(List.of("model", "FID-FMNIST", "KID", "prompt accuracy, training phrasings", "prompt accuracy, held-out phrasings",
          "within-class spread"), scores));
      b.append(String.format("<p>Prompt accuracy: the share of %,d images per split, spread evenly over its captions, that the "
          + "classifier assigns to the concept the caption names (the classifier itself is right on real test images "
          + "only as often as section 7 says).</p>", DemoImages.SCORED));
      b.append(figs);
      b.append(prompts);
    }
    return b.toString();
  }
}
