package dev.fabrica.neural.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;

/**
 * The layers of StyleGAN2 as functions of named tensors, with the equalized learning rate: weights
 * are stored as N(0, 1/lrMul²) and scaled by lrMul/√fan_in when used, so Adam's steps move every
 * layer at the same relative speed.
 */
final class StyleLayers {
  static final float SQRT2 = (float) Math.sqrt(2);

  private StyleLayers() {}

  /**
   * {@code derived}, moved to the manager of {@code like}: an operation on a weight makes its result
   * in the weight's (long-lived) manager, which would keep every step's scaled weights alive.
   */
  static NDArray scoped(NDArray derived, NDArray like) {
    derived.attach(like.getManager());
    return derived;
  }

  /** lrelu(x, 0.2)·√2: the activation with the gain that keeps the signal's variance. */
  static NDArray act(NDArray x) {
    return Scalars.mul(Activation.leakyRelu(x, 0.2f), SQRT2);
  }

  /** Sharpness of {@link #smoothAct}: its bend is about 1/β wide around 0. */
  static final float BETA = 8f;

  /**
   * A smooth leaky ReLU, (0.2x + 0.8·softplus(βx)/β)·√2: lrelu's shape without its kink. The
   * discriminator uses it so that its R1 gradient, taken by a central difference along ∇ₓD
   * (StyleTrainer), is accurate to O(ε²); with a kinked activation every unit that the difference
   * steps across contributes an O(1) error however small the step.
   */
  static NDArray smoothAct(NDArray x) {
    // 0.2√2·x + (0.8√2/β)·softplus(βx): five tensor operations, libtorch's softplus one of them. On
    // D's 28×28 maps these passes over memory, forward and backward, cost more than the convolutions.
    NDArray soft = Scalars.mul(Activation.softPlus(Scalars.mul(x, BETA)), 0.8f * SQRT2 / BETA);
    return Scalars.mul(x, 0.2f * SQRT2).add(soft);
  }

  /** A fully connected layer with the equalized learning rate; weight (out, in). */
  record Dense(NDArray weight, NDArray bias, float weightGain, float biasGain) {
    static Dense create(Params p, String name, int in, int out, double lrMul, float biasInit) {
      NDArray w = p.normal(name + ".weight", 0, 1 / lrMul, out, in);
      NDArray b = p.constant(name + ".bias", (float) (biasInit / lrMul), out);
      return new Dense(w, b, (float) (lrMul / Math.sqrt(in)), (float) lrMul);
    }

    /** (B, in) → (B, out). */
    NDArray forward(NDArray x) {
      return ai.djl.nn.core.Linear.linear(x, scoped(Scalars.mul(weight, weightGain), x), scoped(Scalars.mul(bias, biasGain), x)).singletonOrThrow();
    }
  }

  /** A plain convolution with the equalized learning rate (the discriminator's). */
  record Conv(NDArray weight, NDArray bias, float gain, int k) {
    static Conv create(Params p, String name, int in, int out, int k, boolean bias) {
      return new Conv(p.normal(name + ".weight", 0, 1, out, in, k, k), bias ? p.constant(name + ".bias", 0, out) : null,
          (float) (1 / Math.sqrt((double) in * k * k)), k);
    }

    /** (B, in, H, W) → (B, out, H, W). */
    NDArray forward(NDArray x) {
      return Conv2d.conv2d(x, scoped(Scalars.mul(weight, gain), x), bias, new Shape(1, 1), new Shape(k / 2, k / 2), new Shape(1, 1), 1)
          .singletonOrThrow();
    }
  }

  /**
   * A modulated convolution: the style s = affine(w) scales the weight's input channels per sample,
   * and (with demodulation) each output channel is renormalised to unit expected variance; done by
   * scaling the input by s, one shared convolution, and scaling the output by the demodulation
   * coefficients (StyleGAN2's non-fused form, exact). Then noise × a learned strength, bias, activation
   * (toRGB: no demodulation, noise or activation).
   */
  record ModConv(NDArray weight, Dense affine, NDArray bias, NDArray noiseStrength, int in, int out, int k, boolean demod) {
    static ModConv create(Params p, String name, int in, int out, int k, int wDim, boolean demod) {
      NDArray w = p.normal(name + ".weight", 0, 1, out, in, k, k);
      Dense affine = Dense.create(p, name + ".affine", wDim, in, 1, 1); // styles start at 1
      NDArray b = p.constant(name + ".bias", 0, out);
      NDArray noise = demod ? p.constant(name + ".noise_strength", 0, 1) : null;
      return new ModConv(w, affine, b, noise, in, out, k, demod);
    }

    /**
     * @param x (B, in, H, W)
     * @param w (B, wDim) this layer's latent
     * @param noise (B, 1, H, W) or null for none
     * @return (B, out, H, W)
     */
    NDArray forward(NDArray x, NDArray w, NDArray noise) {
      long b = x.getShape().get(0);
      NDArray s = affine.forward(w); // (B, in)
      float gain = (float) (1 / Math.sqrt((double) in * k * k));
      NDArray wt = scoped(Scalars.mul(weight, gain), x); // (out, in, k, k)
      // modulating the input and demodulating the output equals convolving with the per-sample
      // modulated weight, and is one ordinary convolution for the batch instead of a grouped one
      NDArray y = Conv2d.conv2d(x.mul(s.reshape(b, in, 1, 1)), wt, null, new Shape(1, 1), new Shape(k / 2, k / 2),
          new Shape(1, 1), 1).singletonOrThrow(); // (B, out, H, W)
      if (demod) {
        NDArray wsq = wt.square().sum(new int[] {2, 3}); // (out, in)
        NDArray d = Scalars.pow(Scalars.add(s.square().matMul(wsq.transpose()), 1e-8).sqrt(), -1); // (B, out)
        y = y.mul(d.reshape(b, out, 1, 1));
      }
      if (noise != null && noiseStrength != null) {
        y = y.add(noise.mul(noiseStrength));
      }
      y = y.add(scoped(bias.reshape(1, out, 1, 1), y));
      return demod ? act(y) : y;
    }
  }

  /** Nearest-neighbour ×2 upsampling: (B, C, H, W) → (B, C, 2H, 2W). */
  static NDArray up2(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  /**
   * 2×2 average pooling: (B, C, H, W) → (B, C, H/2, W/2); H and W even. libtorch's pooling kernel:
   * the same means as summing a (B, C, H/2, 2, W/2, 2) view over its two small axes, four times
   * faster at (32, 32, 28, 28) on one thread (11 ms against 2–4).
   */
  static NDArray down2(NDArray x) {
    return ai.djl.nn.pooling.Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
  }

  /** The mean over several axes (DJL's PyTorch engine averages over one axis at a time only). */
  static NDArray mean(NDArray x, int... axes) {
    long n = 1;
    for (int a : axes) {
      n *= x.getShape().get(a);
    }
    return Scalars.div(x.sum(axes), n);
  }

  /** Per-pixel N(0, 1) noise for a layer of size h×w, from the engine's generator. */
  static NDArray noise(NDManager scope, long b, long h, long w) {
    return scope.randomNormal(new Shape(b, 1, h, w));
  }
}
