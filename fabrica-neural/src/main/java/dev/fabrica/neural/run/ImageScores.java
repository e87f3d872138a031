package dev.fabrica.neural.run;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.metrics.FrechetDistance;
import dev.fabrica.neural.metrics.GaussianStats;
import dev.fabrica.neural.metrics.InceptionScore;
import dev.fabrica.neural.metrics.KernelInceptionDistance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The image scores of {@code fabrica eval}: FID-FMNIST and KID between the metrics classifier's
 * features of generated images and of the test images, an inception-score-like diversity figure
 * from its predictions, the class accuracy of conditional samples, and the same figures for real
 * training images (the floor) and uniform noise (the ceiling) so a number can be read.
 */
public final class ImageScores {
  private ImageScores() {}

  /** Features and predictions of a set of images, reduced to what the scores need. */
  private record Scored(double[][] features, double[][] probs, int[] predictions) {}

  /**
   * What every score is measured against, computed once: the classifier's features of the test
   * images, and the floor (real training images) and ceiling (uniform noise) figures.
   */
  public static final class Reference {
    private final Scored real;
    private final GaussianStats realStats;
    private final Map<String, Object> floor;
    private final Map<String, Object> ceiling;
    private final int testImages;
    private final int[] testLabels;

    private Reference(Scored real, Map<String, Object> floor, Map<String, Object> ceiling, int testImages, int[] testLabels) {
      this.real = real;
      this.realStats = GaussianStats.of(real.features());
      this.floor = floor;
      this.ceiling = ceiling;
      this.testImages = testImages;
      this.testLabels = testLabels;
    }
  }

  /** The reference for {@code n}-image scores: test features, floor and ceiling. */
  public static Reference reference(Classifier clf, ImageSet train, ImageSet test, int n, long seed, Reporter r, NDManager m) {
    r.info("classifying " + test.size() + " test images");
    Scored real = scored(clf, test.images().batch(ImageSet.range(0, test.size()), false), test.size(), m);
    int[] labels = test.images().labels();
    Reference partial = new Reference(real, null, null, test.size(), labels);
    r.info("scoring the floor (real training images) and the ceiling (uniform noise)");
    int nf = Math.min(n, train.size());
    Map<String, Object> floor = figures(scored(clf, train.images().batch(ImageSet.range(0, nf), false), nf, m), partial, seed);
    float[] noise = new float[n * 784];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) rnd.nextDouble();
    }
    Map<String, Object> ceiling = figures(scored(clf, noise, n, m), partial, seed);
    return new Reference(real, floor, ceiling, test.size(), labels);
  }

  /** Scores {@code n} images of the generator against the test set. */
  public static Map<String, Object> score(
      ImageGenerator g, Classifier clf, ImageSet train, ImageSet test, int n, long seed, Reporter r, NDManager m) {
    return score(g, clf, reference(clf, train, test, n, seed, r, m), n, seed, r, m);
  }

  /** Scores {@code n} images of the generator against a reference computed once. */
  public static Map<String, Object> score(ImageGenerator g, Classifier clf, Reference ref, int n, long seed, Reporter r, NDManager m) {
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      classes[i] = i % g.classes().size();
    }
    r.info("generating and classifying " + n + " samples");
    Scored fake = scored(clf, g.generate(n, g.conditional() ? classes : null, seed, m), n, m);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", g.kind());
    out.put("samples", n);
    out.put("test_images", ref.testImages);
    out.putAll(figures(fake, ref, seed));
    if (g.conditional()) {
      long hit = 0;
      for (int i = 0; i < n; i++) {
        hit += fake.predictions()[i] == classes[i] ? 1 : 0;
      }
      out.put("class_accuracy", (double) hit / n);
      if (ref.testLabels != null) {
        out.putAll(withinClass(fake.features(), classes, ref.real.features(), ref.testLabels, g.classes().size()));
      }
    }
    out.put("floor", ref.floor);
    out.put("ceiling", ref.ceiling);
    return out;
  }

  /** FID-FMNIST, KID and the inception-score-like figure of given images ((n·784) in [0, 1]) against the test set. */
  public static Map<String, Object> scoreImages(float[] images, int n, Classifier clf, ImageSet test, long seed, NDManager m) {
    Scored real = scored(clf, test.images().batch(ImageSet.range(0, test.size()), false), test.size(), m);
    return figures(scored(clf, images, n, m), new Reference(real, null, null, test.size(), test.images().labels()), seed);
  }

  /**
   * How well a conditional model covers each class on its own, which the overall FID can hide: a
   * generator that draws one good image per class has a fine class accuracy and a poor
   * {@code class_fid}. {@code class_fid} is the mean over classes of the FID between the samples
   * asked for class k and the test images of class k; {@code class_spread} is the mean over classes
   * of trace(cov of the samples' features) / trace(cov of the test images' features), 1 when the
   * samples of a class vary as much as the real ones, 0 when they are all one image. Classes with
   * fewer than two samples or test images are left out.
   */
  static Map<String, Object> withinClass(double[][] fake, int[] fakeClasses, double[][] real, int[] realLabels, int k) {
    double fid = 0;
    double spread = 0;
    int used = 0;
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (int c = 0; c < k; c++) {
      double[][] f = rowsOf(fake, fakeClasses, c);
      double[][] r = rowsOf(real, realLabels, c);
      if (f.length < 2 || r.length < 2) {
        continue;
      }
      GaussianStats fs = GaussianStats.of(f);
      GaussianStats rs = GaussianStats.of(r);
      double d = FrechetDistance.of(fs, rs);
      double ratio = fs.trace() / rs.trace();
      fid += d;
      spread += ratio;
      used++;
      perClass.put(Integer.toString(c), Map.of("fid", d, "spread", ratio));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (used > 0) {
      out.put("class_fid", fid / used);
      out.put("class_spread", spread / used);
      out.put("per_class", perClass);
    }
    return out;
  }

  private static double[][] rowsOf(double[][] x, int[] labels, int c) {
    int count = 0;
    for (int i = 0; i < x.length; i++) {
      count += labels[i] == c ? 1 : 0;
    }
    double[][] out = new double[count][];
    int j = 0;
    for (int i = 0; i < x.length; i++) {
      if (labels[i] == c) {
        out[j++] = x[i];
      }
    }
    return out;
  }

  private static Map<String, Object> figures(Scored s, Reference ref, long seed) {
    Scored real = ref.real;
    GaussianStats realStats = ref.realStats;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("fid_fmnist", FrechetDistance.of(GaussianStats.of(s.features()), realStats));
    int subset = Math.min(1000, Math.min(s.features().length, real.features().length));
    KernelInceptionDistance kid = KernelInceptionDistance.of(s.features(), real.features(), 10, subset, seed);
    f.put("kid", kid.mean());
    f.put("kid_std", kid.std());
    InceptionScore is = InceptionScore.of(s.probs(), 10);
    f.put("inception_score", is.mean());
    f.put("inception_score_std", is.std());
    return f;
  }

  private static Scored scored(Classifier clf, float[] images, int n, NDManager m) {
    Classifier.Outputs o = clf.apply(images, n, m);
    return new Scored(o.features(), o.probs(), o.predictions());
  }
}
