package dev.fabrica.neural.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.PngGrid;
import dev.fabrica.neural.nn.Losses;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Batches;
import dev.fabrica.neural.train.Trainable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Gan} in the order of PyTorch's DCGAN example: a discriminator step on a real and
 * a generated batch (the generated one detached), then a generator step through the updated
 * discriminator on the same generated batch, with the non-saturating loss −log D(G(z)). After each
 * evaluation a grid from a fixed noise batch goes to samples.png and progress/, so training can be
 * watched.
 */
public final class GanTrainer implements Trainable {
  private final Gan gan;
  private final ImageSet train;
  private final Adam optG;
  private final Adam optD;
  private final Batches batches;
  private final Map<String, NDArray> gParams;
  private final Map<String, NDArray> dParams;

  public GanTrainer(Gan gan, ImageSet train) {
    this.gan = gan;
    this.train = train;
    GanConfig c = gan.config();
    Adam.Config ac = Adam.Config.of(c.lr()).withBetas(c.beta1(), 0.999);
    gParams = gan.params().trainable("g.");
    dParams = gan.params().trainable("d.");
    optG = new Adam("adam_g", ac, gParams, gan.params().manager());
    optD = new Adam("adam_d", ac, dParams, gan.params().manager());
    batches = new Batches(train.size(), c.batch(), c.seed());
  }

  public Batches batches() {
    return batches;
  }

  @Override
  public Params params() {
    return gan.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(optG, optD);
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    int[] idx = batches.at(step);
    if (idx.length < 2) { // batch norm needs two examples; the epoch's tail of one is skipped
      return Map.of();
    }
    NDArray real = train.batch(idx, true, scope);
    NDArray y = gan.config().conditional() ? train.labels(idx, scope).oneHot(gan.config().classes()) : null;
    NDArray z = scope.randomNormal(new Shape(idx.length, gan.config().zDim()));
    return adversarialStep(gan, real, z, y, optD, optG, dParams, gParams);
  }

  /**
   * Weight of the mode-seeking term of a conditional generator's loss. Without it the conditional
   * models drew near-copies for each class (within-class spread 0.04 of the data's for the t2i
   * model, see docs/benchmarks.md): the projection discriminator judges one image at a time, so one
   * convincing image per class is as good as many, and the generator learned to ignore z.
   */
  public static final double MODE_SEEKING = 1.0;

  /**
   * One discriminator step on a real and a generated batch (the generated one detached), then one
   * generator step through the updated discriminator on the same generated batch, with the
   * non-saturating loss −log D(G(z)); {@code condition} is a one-hot class, a distribution over
   * the classes, or null. A conditional generator's loss also has the mode-seeking term
   * ({@link #modeSeeking}, weight {@link #MODE_SEEKING}). Returns g_loss, d_loss and, when
   * conditional, ms_ratio.
   */
  public static Map<String, Double> adversarialStep(Gan gan, NDArray real, NDArray z, NDArray condition,
      Adam optD, Adam optG, Map<String, NDArray> dParams, Map<String, NDArray> gParams) {
    return adversarialStep(gan, real, z, condition, optD, optG, dParams, gParams, condition == null ? 0 : MODE_SEEKING);
  }

  /** {@link #adversarialStep} with the mode-seeking term at weight {@code modeSeeking} (0: none). */
  public static Map<String, Double> adversarialStep(Gan gan, NDArray real, NDArray z, NDArray condition,
      Adam optD, Adam optG, Map<String, NDArray> dParams, Map<String, NDArray> gParams, double modeSeeking) {
    double dLoss;
    double gLoss;
    NDArray fake;
    Params.zeroGrad(dParams);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      fake = gan.generateFrom(z, condition, true);
      NDArray lossReal = Losses.softplus(gan.discriminateFrom(real, condition, true).neg()).mean(); // −log D(x)
      NDArray lossFake = Losses.softplus(gan.discriminateFrom(fake.stopGradient(), condition, true)).mean(); // −log(1 − D(G(z)))
      NDArray loss = lossReal.add(lossFake);
      gc.backward(loss);
      dLoss = loss.getFloat();
    }
    optD.step(optD.lr());
    Params.zeroGrad(gParams);
    double ratio = Double.NaN;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = Losses.softplus(gan.discriminateFrom(fake, condition, true).neg()).mean(); // −log D(G(z))
      gLoss = loss.getFloat();
      if (modeSeeking > 0) {
        NDArray z2 = z.getManager().randomNormal(z.getShape());
        NDArray r = modeSeekingRatio(fake, gan.generateFrom(z2, condition, true), z, z2);
        ratio = r.getFloat();
        loss = loss.add(Scalars.mul(Scalars.pow(Scalars.add(r, 1e-5), -1), modeSeeking));
      }
      gc.backward(loss);
    }
    optG.step(optG.lr());
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("g_loss", gLoss);
    out.put("d_loss", dLoss);
    if (modeSeeking > 0) {
      out.put("ms_ratio", ratio);
    }
    return out;
  }

  /**
   * The mode-seeking ratio of Mao et al. (MSGAN, 2019): how far apart two batches of images drawn
   * for the same conditions are, mean |G(z₁, c) − G(z₂, c)|, per unit of distance between their
   * noise, mean |z₁ − z₂|. A generator that ignores z has ratio 0; the term added to its loss,
   * λ / (ratio + 10⁻⁵), grows without bound as it does, so it keeps the images of one condition apart.
   */
  static NDArray modeSeekingRatio(NDArray images1, NDArray images2, NDArray z1, NDArray z2) {
    return images1.sub(images2).abs().mean().div(z1.sub(z2).abs().mean());
  }

  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    return Map.of();
  }

  @Override
  public void afterEvaluation(long step, Path runDir, NDManager scope) {
    Torch.seed(gan.config().seed() + 11); // the same noise at every evaluation
    int n = 64;
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      classes[i] = (i / 8) % gan.config().classes(); // one class per row
    }
    writeGrids(runDir, step, gan.sample(n, classes, scope), n, 8);
  }

  /** A grid of images in [-1, 1] to samples.png and, smaller, to progress/step-N.png. */
  public static void writeGrids(Path runDir, long step, float[] images, int n, int cols) {
    PngGrid.write(runDir.resolve("samples.png"), images, n, 1, 28, 28, cols, -1f, 1f, 2);
    try {
      Files.createDirectories(runDir.resolve("progress"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    PngGrid.write(runDir.resolve("progress").resolve(String.format("step-%07d.png", step)), images, n, 1, 28, 28, cols, -1f, 1f, 1);
  }
}
