package dev.fabrica.neural.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.fabrica.neural.nn.Conv;
import dev.fabrica.neural.nn.Linear;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;

/**
 * A VAE on 28×28 images with a Bernoulli likelihood: encoder q(z|x) = N(μ, diag σ²), decoder logits
 * of p(x|z), prior N(0, I). Loss per image = −ELBO = BCE(x, decoder(z)) summed over pixels + KL(q ‖
 * p), in nats. Tensor names follow PyTorch's examples/vae for the MLP (fc1, fc21, fc22, fc3, fc4).
 */
public final class Vae implements AutoCloseable {
  static final int SIDE = 28;
  static final int PIXELS = SIDE * SIDE;
  private final VaeConfig config;
  private final Params params;
  private final Linear fc1;
  private final Linear fc21;
  private final Linear fc22;
  private final Linear fc3;
  private final Linear fc4;
  private final Conv enc1;
  private final Conv enc2;
  private final Conv dec1;
  private final Conv dec2;

  public Vae(VaeConfig config, NDManager manager) {
    this.config = config;
    this.params = new Params(manager, config.seed());
    if (config.kind().equals("mlp")) {
      fc1 = Linear.create(params, "fc1", PIXELS, config.hidden());
      fc21 = Linear.create(params, "fc21", config.hidden(), config.latent());
      fc22 = Linear.create(params, "fc22", config.hidden(), config.latent());
      fc3 = Linear.create(params, "fc3", config.latent(), config.hidden());
      fc4 = Linear.create(params, "fc4", config.hidden(), PIXELS);
      enc1 = enc2 = dec1 = dec2 = null;
    } else {
      enc1 = Conv.create(params, "enc1", 1, 32, 4, 2, 1, false, true); // → (B, 32, 14, 14)
      enc2 = Conv.create(params, "enc2", 32, 64, 4, 2, 1, false, true); // → (B, 64, 7, 7)
      fc21 = Linear.create(params, "fc21", 64 * 7 * 7, config.latent());
      fc22 = Linear.create(params, "fc22", 64 * 7 * 7, config.latent());
      fc3 = Linear.create(params, "fc3", config.latent(), 64 * 7 * 7);
      dec1 = Conv.create(params, "dec1", 64, 32, 4, 2, 1, true, true); // → (B, 32, 14, 14)
      dec2 = Conv.create(params, "dec2", 32, 1, 4, 2, 1, true, true); // → (B, 1, 28, 28)
      fc1 = fc4 = null;
    }
  }

  public VaeConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  /** x (B, 784) in [0, 1] → (μ, log σ²), each (B, latent). */
  public NDList encode(NDArray x) {
    NDArray h;
    if (fc1 != null) {
      h = Activation.relu(fc1.forward(x));
    } else {
      NDArray img = x.reshape(x.getShape().get(0), 1, SIDE, SIDE);
      h = Activation.relu(enc2.forward(Activation.relu(enc1.forward(img))));
      h = h.reshape(x.getShape().get(0), 64 * 7 * 7);
    }
    return new NDList(fc21.forward(h), fc22.forward(h));
  }

  /** z (B, latent) → Bernoulli logits (B, 784). */
  public NDArray decodeLogits(NDArray z) {
    NDArray h = Activation.relu(fc3.forward(z));
    if (fc4 != null) {
      return fc4.forward(h);
    }
    NDArray img = h.reshape(z.getShape().get(0), 64, 7, 7);
    return dec2.forward(Activation.relu(dec1.forward(img))).reshape(z.getShape().get(0), PIXELS);
  }

  /**
   * The two terms of −ELBO summed over the batch, with z drawn by reparameterisation (or z = μ when
   * {@code meanLatent}).
   *
   * @return (reconstruction nats, KL nats), scalars
   */
  public NDList loss(NDArray x, boolean meanLatent) {
    NDList q = encode(x);
    NDArray mu = q.get(0);
    NDArray logvar = q.get(1);
    NDArray z = mu;
    if (!meanLatent) {
      NDArray eps = x.getManager().randomNormal(mu.getShape());
      z = mu.add(Scalars.mul(logvar, 0.5).exp().mul(eps));
    }
    NDArray recon = dev.fabrica.neural.nn.Losses.bceWithLogits(decodeLogits(z), x).sum();
    NDArray kl = Scalars.mul(Scalars.add(logvar, 1).sub(mu.square()).sub(logvar.exp()).sum(), -0.5);
    return new NDList(recon, kl);
  }

  /** n images decoded from z ~ N(0, I): mean pixel values in [0, 1], (n·784). */
  public float[] sample(int n, NDManager scope) {
    NDArray z = scope.randomNormal(new Shape(n, config.latent()));
    return Activation.sigmoid(decodeLogits(z)).toFloatArray();
  }

  /** Images (n·784, in [0, 1]) → their reconstructions through μ. */
  public float[] reconstruct(float[] images, int n, NDManager scope) {
    NDArray x = scope.create(images, new Shape(n, PIXELS));
    return Activation.sigmoid(decodeLogits(encode(x).get(0))).toFloatArray();
  }

  /** {@code steps} images decoded along the straight line between the μ of two images. */
  public float[] interpolate(float[] a, float[] b, int steps, NDManager scope) {
    NDArray x = scope.create(concat(a, b), new Shape(2, PIXELS));
    NDArray mu = encode(x).get(0);
    NDArray za = mu.get(0);
    NDArray zb = mu.get(1);
    NDList zs = new NDList();
    for (int i = 0; i < steps; i++) {
      float t = steps == 1 ? 0 : (float) i / (steps - 1);
      zs.add(Scalars.mul(za, 1 - t).add(Scalars.mul(zb, t)));
    }
    return Activation.sigmoid(decodeLogits(NDArrays.stack(zs))).toFloatArray();
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() {
    params.close();
  }
}
