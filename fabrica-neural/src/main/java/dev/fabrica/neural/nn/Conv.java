package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 2-D convolution or transposed convolution with square kernels, PyTorch's weight layout
 * ((out, in, k, k) for a convolution, (in, out, k, k) transposed) and parameter names.
 */
public record Conv(NDArray weight, NDArray bias, int stride, int padding, boolean transposed) {
  /** PyTorch's default initialisation: U(-1/√fanIn, 1/√fanIn), fanIn = weight.size(1)·k². */
  public static Conv create(Params p, String name, int in, int out, int k, int stride, int padding, boolean transposed, boolean bias) {
    long[] shape = transposed ? new long[] {in, out, k, k} : new long[] {out, in, k, k};
    double bound = 1 / Math.sqrt((double) shape[1] * k * k);
    NDArray w = p.uniform(name + ".weight", bound, shape);
    NDArray b = bias ? p.uniform(name + ".bias", bound, out) : null;
    return new Conv(w, b, stride, padding, transposed);
  }

  /** The DCGAN initialisation: weights N(0, 0.02²), no bias. */
  public static Conv dcgan(Params p, String name, int in, int out, int k, int stride, int padding, boolean transposed) {
    long[] shape = transposed ? new long[] {in, out, k, k} : new long[] {out, in, k, k};
    return new Conv(p.normal(name + ".weight", 0, 0.02, shape), null, stride, padding, transposed);
  }

  /** (B, in, H, W) → (B, out, H', W'). */
  public NDArray forward(NDArray x) {
    Shape s = new Shape(stride, stride);
    Shape pad = new Shape(padding, padding);
    Shape dil = new Shape(1, 1);
    if (transposed) {
      return ConvTranspose.forward(x, weight, bias, stride, padding);
    }
    return Conv2d.conv2d(x, weight, bias, s, pad, dil, 1).singletonOrThrow();
  }
}
