package dev.fabrica.neural.tabular;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Trainable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One CTGAN step: {@code discriminatorSteps} critic updates on the WGAN-GP loss E[D(fake)] −
 * E[D(real)] + λ E[(‖∇D(x̂)‖ − 1)²] (x̂ between a real and a fake pack), each on fresh rows and
 * conditions, then a generator update on −E[D(fake)] plus the cross-entropy of the conditioned
 * column (the generator must produce the category its condition asks for). Rows and conditions
 * come from {@link CondSampler} with a generator seeded by (seed, step); noise, Gumbel noise and
 * dropout from the engine, which the loop reseeds every step.
 *
 * <p>The penalty's gradient in the critic's weights needs second derivatives. As StyleTrainer does
 * for R1, it is taken as a central difference: with v = ∇D(x̂) of a pack and u = v/‖v‖, the
 * θ-gradient of λ(‖v‖ − 1)² is 2λ(‖v‖ − 1)·(∂v/∂θ)ᵀu, and (∂v/∂θ)ᵀu is the θ-gradient of
 * [D(x̂ + εu) − D(x̂ − εu)] / 2ε, with the same dropout masks in all three passes so that they are
 * one function. Along the unit direction the weight stays bounded; along v itself it carried a
 * 1/‖v‖, and a pack with a near-zero gradient made breast cancer's critic diverge at step 2,874.
 */
public final class CtganTrainer implements Trainable {
  /** ε of the central difference, absolute: the critic's inputs are tanh values and one-hots, of order 1. */
  static final float GP_STEP = 1e-3f;

  private final Ctgan gan;
  private final float[] data;
  private final int rows;
  private final int width;
  private final CondSampler sampler;
  private final Adam adamG;
  private final Adam adamD;
  private final Map<String, NDArray> gParams;
  private final Map<String, NDArray> dParams;

  CtganTrainer(Ctgan gan, float[] data, int rows, int width, CondSampler sampler) {
    this.gan = gan;
    this.data = data;
    this.rows = rows;
    this.width = width;
    this.sampler = sampler;
    CtganConfig c = gan.config();
    gParams = gan.generatorParams();
    dParams = gan.discriminatorParams();
    Adam.Config ac = new Adam.Config(c.lr(), 0.5, 0.9, 1e-8, c.weightDecay());
    adamG = new Adam("adam_g", ac, gParams, gan.params().manager());
    adamD = new Adam("adam_d", ac, dParams, gan.params().manager());
  }

  @Override
  public Params params() {
    return gan.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(adamG, adamD);
  }

  /** A batch's conditions: the conditional vectors (B·condWidth), the chosen one-hots in row layout (B·width), real rows. */
  private record Conditions(float[] cond, float[] target, int[] real) {}

  private Conditions conditions(int b, SplittableRandom rng) {
    int cw = sampler.width();
    float[] cond = new float[b * cw];
    float[] target = new float[b * width];
    int[] real = new int[b];
    for (int i = 0; i < b; i++) {
      int[] c = sampler.train(rng, rows);
      real[i] = c[2];
      if (c[0] >= 0) {
        cond[i * cw + sampler.offset(c[0]) + c[1]] = 1;
        target[i * width + sampler.segment(c[0]).start() + c[1]] = 1;
      }
    }
    return new Conditions(cond, target, real);
  }

  private NDArray input(int b, float[] cond, NDManager m) {
    NDArray z = m.randomNormal(new Shape(b, gan.config().embedding()));
    return sampler.width() == 0 ? z : NDArrays.concat(new NDList(z, m.create(cond, new Shape(b, sampler.width()))), 1);
  }

  private NDArray withCond(NDArray x, float[] cond, int b, NDManager m) {
    return sampler.width() == 0 ? x : NDArrays.concat(new NDList(x, m.create(cond, new Shape(b, sampler.width()))), 1);
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    CtganConfig c = gan.config();
    int b = c.batch();
    int packs = b / c.pac();
    SplittableRandom rng = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + step);
    double[] critic = null;
    for (int k = 0; k < c.discriminatorSteps(); k++) {
      critic = criticStep(rng, scope);
    }
    double lossD = critic[0];
    double gp = critic[1];

    // the generator
    Conditions gc0 = conditions(b, rng);
    double lossG;
    double condLoss = 0;
    Params.zeroGrad(gParams);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray raw = gan.generate(input(b, gc0.cond(), scope), true);
      NDArray y = gan.critic(withCond(gan.activate(raw, scope), gc0.cond(), b, scope), gan.dropoutMasks(packs, scope)).mean().neg();
      NDArray total = y;
      if (sampler.width() > 0) {
        NDArray t = scope.create(gc0.target(), new Shape(b, width));
        NDArray ce = null;
        for (SegmentIndex.Group g : gan.index().groups()) {
          NDArray term = gan.index().group(raw, g, scope).logSoftmax(2).mul(gan.index().group(t, g, scope)).sum().neg();
          ce = ce == null ? term : ce.add(term);
        }
        ce = Scalars.div(ce, b);
        condLoss = ce.getFloat();
        total = total.add(ce);
      }
      gc.backward(total);
      lossG = y.getFloat();
    }
    adamG.step(adamG.lr());
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss_d", lossD + gp);
    m.put("loss_g", lossG);
    m.put("gp", gp);
    m.put("cond_ce", condLoss);
    return m;
  }

  /** One critic update on fresh rows and conditions: returns {E[D(fake)] − E[D(real)], penalty}. */
  private double[] criticStep(SplittableRandom rng, NDManager scope) {
    CtganConfig c = gan.config();
    int b = c.batch();
    int pac = c.pac();
    int packs = b / pac;
    Conditions dc = conditions(b, rng);
    NDArray fake = withCond(gan.activate(gan.generate(input(b, dc.cond(), scope), true), scope), dc.cond(), b, scope);
    float[] realRows = new float[b * width];
    for (int i = 0; i < b; i++) {
      System.arraycopy(data, dc.real()[i] * width, realRows, i * width, width);
    }
    NDArray real = withCond(gan.criticOrder(scope.create(realRows, new Shape(b, width)), scope), dc.cond(), b, scope);
    float[] alpha = new float[b];
    for (int p = 0; p < packs; p++) {
      float a = (float) rng.nextDouble();
      for (int i = 0; i < pac; i++) {
        alpha[p * pac + i] = a;
      }
    }
    NDArray al = scope.create(alpha, new Shape(b, 1));
    NDArray xhat = real.mul(al).add(fake.mul(Scalars.add(al.neg(), 1)));
    NDList gpMasks = gan.dropoutMasks(packs, scope);
    Penalty pen = penalty(xhat, gpMasks, packs, scope);
    double lossD;
    Params.zeroGrad(dParams);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray wasserstein = gan.critic(fake, gan.dropoutMasks(packs, scope)).mean()
          .sub(gan.critic(real, gan.dropoutMasks(packs, scope)).mean());
      gc.backward(wasserstein.add(surrogate(pen, xhat, gpMasks)));
      lossD = wasserstein.getFloat();
    }
    adamD.step(adamD.lr());
    return new double[] {lossD, pen.value()};
  }

  /** The penalty λ mean (‖v‖ − 1)² of the packs, their unit gradients u (B, inputs) and weights 2λ(‖v‖ − 1)/packs (packs, 1). */
  record Penalty(double value, NDArray unit, NDArray weight) {}

  /** Computes the input gradients of the critic at x̂ (a first-order pass; it leaves gradients in the critic's tensors, to be zeroed). */
  Penalty penalty(NDArray xhat, NDList masks, int packs, NDManager scope) {
    CtganConfig c = gan.config();
    NDArray xh = xhat.duplicate();
    xh.setRequiresGradient(true);
    NDArray v;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(gan.critic(xh, masks).sum());
      v = xh.getGradient().duplicate(); // (B, width + cond)
    }
    // per pack: the norm n of its input gradient and the unit direction u = v / n
    float[] vv = v.toFloatArray();
    int cols = vv.length / packs;
    float[] weight = new float[packs];
    double gp = 0;
    for (int p = 0; p < packs; p++) {
      double s = 0;
      for (int j = 0; j < cols; j++) {
        s += (double) vv[p * cols + j] * vv[p * cols + j];
      }
      double norm = Math.sqrt(s);
      gp += (norm - 1) * (norm - 1);
      weight[p] = (float) (norm > 1e-12 ? 2 * c.gpLambda() / packs * (norm - 1) : 0);
      for (int j = 0; j < cols; j++) {
        vv[p * cols + j] = norm > 1e-12 ? (float) (vv[p * cols + j] / norm) : 0f;
      }
    }
    return new Penalty(gp * c.gpLambda() / packs, scope.create(vv, v.getShape()), scope.create(weight, new Shape(packs, 1)));
  }

  /** Σ_packs weight · [D(x̂ + εu) − D(x̂ − εu)] / 2ε: its gradient in the critic's weights is the penalty's (call inside a gradient collector). */
  NDArray surrogate(Penalty pen, NDArray xhat, NDList masks) {
    NDArray plus = gan.critic(xhat.add(Scalars.mul(pen.unit(), GP_STEP)), masks);
    NDArray minus = gan.critic(xhat.sub(Scalars.mul(pen.unit(), GP_STEP)), masks);
    return Scalars.div(plus.sub(minus).mul(pen.weight()).sum(), 2 * GP_STEP);
  }

  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    return Map.of();
  }

  @Override
  public long itemsPerStep() {
    return gan.config().batch();
  }

  @Override
  public String itemUnit() {
    return "rows";
  }
}
