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
   * One discriminator step on a real and a generated batch (the generated one detached), then one
   * generator step through the updated discriminator on the same generated batch, with the
   * non-saturating loss −log D(G(z)); {@code condition} is a one-hot class, a distribution over
   * the classes, or null. Returns g_loss and d_loss.
   */
  public static Map<String, Double> adversarialStep(Gan gan, NDArray real, NDArray z, NDArray condition,
      Adam optD, Adam optG, Map<String, NDArray> dParams, Map<String, NDArray> gParams) {
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
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = Losses.softplus(gan.discriminateFrom(fake, condition, true).neg()).mean(); // −log D(G(z))
      gc.backward(loss);
      gLoss = loss.getFloat();
    }
    optG.step(optG.lr());
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("g_loss", gLoss);
    out.put("d_loss", dLoss);
    return out;
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
