package dev.fabrica.neural.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.fabrica.neural.nn.BatchNorm;
import dev.fabrica.neural.nn.Conv;
import dev.fabrica.neural.nn.Linear;
import dev.fabrica.neural.nn.Params;

/**
 * Generator and discriminator of a DCGAN for 28×28 images, optionally class-conditional.
 *
 * <p>G: z (B, zDim[+embed], 1, 1) → convT 7×7 → (2ngf, 7, 7) BN ReLU → convT 4 s2 → (ngf, 14, 14) BN
 * ReLU → convT 4 s2 → (1, 28, 28) tanh. D: conv 4 s2 → (ndf, 14, 14) LReLU 0.2 → conv 4 s2 → (2ndf,
 * 7, 7) BN LReLU → φ(x) flattened; logit = w·φ(x) (the 7×7 convolution of DCGAN), plus ⟨e(y), φ(x)⟩
 * when conditional (the projection discriminator). All weights N(0, 0.02²), BN weights N(1, 0.02²).
 */
public final class Gan implements AutoCloseable {
  private final GanConfig config;
  private final Params params;
  private final Linear gEmbed;
  private final Conv g1;
  private final BatchNorm gbn1;
  private final Conv g2;
  private final BatchNorm gbn2;
  private final Conv g3;
  private final Conv d1;
  private final Conv d2;
  private final BatchNorm dbn2;
  private final Conv d3;
  private final NDArray dEmbed;

  public Gan(GanConfig c, NDManager manager) {
    this(c, new Params(manager, c.seed()));
  }

  /** A GAN whose tensors go into {@code params}, beside those of another part of a larger model. */
  public Gan(GanConfig c, Params params) {
    this.config = c;
    this.params = params;
    int zIn = c.zDim() + (c.conditional() ? c.embed() : 0);
    // a one-hot class through a linear layer is the class embedding of the generator
    gEmbed = c.conditional() ? new Linear(params.normal("g.embed.weight", 0, 1, c.embed(), c.classes()), null) : null;
    g1 = Conv.dcgan(params, "g.main.0", zIn, 2 * c.ngf(), 7, 1, 0, true);
    gbn1 = BatchNorm.dcgan(params, "g.main.1", 2 * c.ngf());
    g2 = Conv.dcgan(params, "g.main.3", 2 * c.ngf(), c.ngf(), 4, 2, 1, true);
    gbn2 = BatchNorm.dcgan(params, "g.main.4", c.ngf());
    g3 = Conv.dcgan(params, "g.main.6", c.ngf(), 1, 4, 2, 1, true);
    d1 = Conv.dcgan(params, "d.main.0", 1, c.ndf(), 4, 2, 1, false);
    d2 = Conv.dcgan(params, "d.main.2", c.ndf(), 2 * c.ndf(), 4, 2, 1, false);
    dbn2 = BatchNorm.dcgan(params, "d.main.3", 2 * c.ndf());
    d3 = Conv.dcgan(params, "d.main.5", 2 * c.ndf(), 1, 7, 1, 0, false);
    dEmbed = c.conditional() ? params.normal("d.embed.weight", 0, 0.02, c.classes(), 2L * c.ndf() * 7 * 7) : null;
  }

  public GanConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  /** z (B, zDim), labels (B) int64 or null → images (B, 784) in [-1, 1]. */
  public NDArray generate(NDArray z, NDArray labels, boolean training) {
    return generateFrom(z, gEmbed == null ? null : labels.oneHot(config.classes()), training);
  }

  /**
   * z (B, zDim) and a condition (B, classes) → images (B, 784) in [-1, 1]. The condition is a
   * one-hot class or any distribution over the classes (the text-to-image model's reading of a
   * prompt); null for an unconditional model.
   */
  public NDArray generateFrom(NDArray z, NDArray condition, boolean training) {
    long b = z.getShape().get(0);
    NDArray in = z;
    if (gEmbed != null) {
      in = z.concat(ai.djl.nn.core.Linear.linear(condition, gEmbed.weight()).singletonOrThrow(), 1);
    }
    NDArray h = in.reshape(b, in.getShape().get(1), 1, 1);
    h = Activation.relu(gbn1.forward(g1.forward(h), training)); // (B, 2ngf, 7, 7)
    h = Activation.relu(gbn2.forward(g2.forward(h), training)); // (B, ngf, 14, 14)
    return Activation.tanh(g3.forward(h)).reshape(b, 28 * 28); // (B, 784)
  }

  /** Images (B, 784) in [-1, 1], labels or null → real/fake logits (B). */
  public NDArray discriminate(NDArray x, NDArray labels, boolean training) {
    return discriminateFrom(x, dEmbed == null ? null : labels.oneHot(config.classes()), training);
  }

  /** Images (B, 784) and a condition (B, classes) as in {@link #generateFrom} → logits (B). */
  public NDArray discriminateFrom(NDArray x, NDArray condition, boolean training) {
    long b = x.getShape().get(0);
    NDArray h = Activation.leakyRelu(d1.forward(x.reshape(b, 1, 28, 28)), 0.2f); // (B, ndf, 14, 14)
    h = Activation.leakyRelu(dbn2.forward(d2.forward(h), training), 0.2f); // (B, 2ndf, 7, 7)
    NDArray logit = d3.forward(h).reshape(b); // (B)
    if (dEmbed != null) {
      NDArray e = condition.matMul(dEmbed); // (B, 2ndf·49)
      logit = logit.add(e.mul(h.reshape(b, -1)).sum(new int[] {1}));
    }
    return logit;
  }

  /** n images from z ~ N(0, I) (engine RNG), the generator in inference mode, in [-1, 1]. */
  public float[] sample(int n, int[] classes, NDManager scope) {
    return sample(n, classes, 1.0, scope);
  }

  /**
   * {@link #sample(int, int[], NDManager)} with the truncation ψ: z drawn from N(0, ψ²I), nearer
   * the mode for ψ below 1 (images more typical of their class, less varied).
   */
  public float[] sample(int n, int[] classes, double psi, NDManager scope) {
    NDArray z = scope.randomNormal(0f, (float) psi, new Shape(n, config.zDim()), ai.djl.ndarray.types.DataType.FLOAT32);
    NDArray y = labels(classes, scope);
    return generate(z, y, false).toFloatArray();
  }

  /** Class labels as an int64 array, or null for an unconditional model. */
  public NDArray labels(int[] classes, NDManager scope) {
    if (!config.conditional()) {
      return null;
    }
    long[] l = new long[classes.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = classes[i];
    }
    return scope.create(l);
  }

  @Override
  public void close() {
    params.close();
  }
}
