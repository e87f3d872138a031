package dev.fabrica.neural.style;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.PngGrid;
import dev.fabrica.neural.nn.Losses;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Batches;
import dev.fabrica.neural.train.Trainable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link StyleGan} as StyleGAN2 does: non-saturating logistic losses, a lazy R1 penalty
 * γ/2·‖∇ₓD(x)‖² on real images every {@code r1Every} steps (scaled by r1Every), style mixing
 * regularisation (a batch's latents switch from one z to another at a random layer with
 * probability {@code mixing}), Adam with β = (0, 0.99), the running average of w for truncation
 * and an exponential moving average of G's weights for sampling.
 */
public final class StyleTrainer implements Trainable {
  private final StyleGan gan;
  private final ImageSet train;
  private final Adam optG;
  private final Adam optD;
  private final Batches batches;
  private final Map<String, NDArray> gParams;
  private final Map<String, NDArray> dParams;

  public StyleTrainer(StyleGan gan, ImageSet train) {
    this.gan = gan;
    this.train = train;
    StyleConfig c = gan.config();
    Adam.Config ac = Adam.Config.of(c.lr()).withBetas(0, 0.99);
    gParams = gan.params().trainable("g.");
    dParams = gan.params().trainable("d.");
    optG = new Adam("adam_g", ac, gParams, gan.params().manager());
    optD = new Adam("adam_d", ac, dParams, gan.params().manager());
    batches = new Batches(train.size(), c.batch(), c.seed());
  }

  @Override
  public Params params() {
    return gan.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(optG, optD);
  }

  /** Per-layer latents for a training batch, mixed at a random crossover with probability {@code mixing}. */
  private NDArray trainingStyles(int n, SplittableRandom r, NDManager scope) {
    NDArray w1 = gan.g.map(scope.randomNormal(new Shape(n, gan.config().zDim())));
    NDArray ws = StyleGenerator.broadcast(w1);
    if (r.nextDouble() < gan.config().mixing()) {
      NDArray w2 = StyleGenerator.broadcast(gan.g.map(scope.randomNormal(new Shape(n, gan.config().zDim()))));
      ws = StyleGan.mix(ws, w2, 1 + r.nextInt(StyleConfig.NUM_WS - 1));
    }
    return ws;
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    StyleConfig c = gan.config();
    int[] idx = batches.at(step);
    if (idx.length < 2) {
      return Map.of();
    }
    SplittableRandom r = new SplittableRandom(c.seed() * 1_000_003L + step);
    NDArray real = train.batch(idx, true, scope);
    Map<String, Double> out = new LinkedHashMap<>();
    // discriminator: softplus(D(G(z))) + softplus(−D(x))
    Params.zeroGrad(dParams);
    NDArray fake;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      fake = gan.g.synthesize(trainingStyles(idx.length, r, scope), true, scope).stopGradient();
      NDArray loss = Losses.softplus(gan.d.forward(fake)).mean().add(Losses.softplus(gan.d.forward(real).neg()).mean());
      gc.backward(loss);
      out.put("d_loss", (double) loss.getFloat());
    }
    optD.step(optD.lr());
    if (c.r1Gamma() > 0 && step % c.r1Every() == 0) {
      out.put("r1", r1(real));
      optD.step(optD.lr());
    }
    // generator: softplus(−D(G(z))); w̄ follows the batch's mean w
    Params.zeroGrad(gParams);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray ws = trainingStyles(idx.length, r, scope);
      NDArray loss = Losses.softplus(gan.d.forward(gan.g.synthesize(ws, true, scope)).neg()).mean();
      gc.backward(loss);
      out.put("g_loss", (double) loss.getFloat());
      NDArray batchW = ws.get(":, 0").stopGradient().mean(new int[] {0});
      gan.g.wAvg().muli((float) c.wAvgBeta()).addi(Scalars.mul(batchW, 1 - c.wAvgBeta()));
    }
    optG.step(optG.lr());
    gan.copyIntoEma(c.emaBeta());
    return out;
  }

  /** Step of the central difference along the input gradient, relative to the gradient's RMS. */
  static final float R1_STEP = 1e-3f;

  /**
   * Puts the R1 penalty's gradient into D's tensors and returns the penalty γ/2·mean‖∇ₓD(x)‖².
   * The gradient in θ of ½‖g‖² (g = ∇ₓD) is (∂g/∂θ)ᵀg, the θ-gradient of D's derivative along a
   * fixed v = g, taken here as a central difference, [D(x + εv) − D(x − εv)] / 2ε, so only
   * first-order passes are needed. (libtorch's create_graph gives it exactly, but a gradient with
   * a graph stored in a leaf tensor is a reference cycle libtorch never frees: gigabytes in a few
   * hundred steps through DJL, which cannot clear a tensor's gradient.) The error is O(ε²); a
   * test checks it against create_graph.
   */
  double r1(NDArray realBatch) {
    StyleConfig c = gan.config();
    NDArray x = realBatch.duplicate();
    x.setRequiresGradient(true);
    NDArray v;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(gan.d.forward(x).sum());
      v = x.getGradient().duplicate(); // (B, 784)
    }
    long b = v.getShape().get(0);
    double penalty = v.square().sum().getFloat() / b * (c.r1Gamma() / 2);
    float eps = (float) (R1_STEP / Math.sqrt(v.square().mean().getFloat() + 1e-24));
    Params.zeroGrad(dParams);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray plus = gan.d.forward(realBatch.add(Scalars.mul(v, eps))).sum();
      NDArray minus = gan.d.forward(realBatch.sub(Scalars.mul(v, eps))).sum();
      NDArray surrogate = Scalars.mul(Scalars.div(plus.sub(minus), 2.0 * eps * b), c.r1Gamma() * c.r1Every());
      gc.backward(surrogate);
    }
    return penalty;
  }

  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    return Map.of();
  }

  @Override
  public void afterEvaluation(long step, Path runDir, NDManager scope) {
    long[] seeds = new long[64];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = i + 1;
    }
    PngGrid.write(runDir.resolve("samples.png"), gan.sample(seeds, 1, scope), seeds.length, 1, 28, 28, 8, -1f, 1f, 2);
  }
}
