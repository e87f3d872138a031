package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 2-D transposed convolution (PyTorch's conv_transpose2d, square kernel, weight (in, out, k, k)),
 * built from ordinary convolutions because DJL's PyTorch engine does not implement deconvolution.
 *
 * <p>Output pixel o = s·m + a of a stride-s transposed convolution only meets the kernel taps κ ≡ (a
 * + p) (mod s): y_a[m] = Σ_j x[m + q − j] · w[s·j + r], r = (a + p) mod s, q = (a + p) div s. So each
 * of the s² output phases is a stride-1 convolution of the (shifted) input with a sub-kernel of
 * every s-th tap, flipped; the phases are then interleaved. This does exactly the transposed
 * convolution's multiply-adds, where inserting zeros between input pixels would do s² times as many.
 */
public final class ConvTranspose {
  private ConvTranspose() {}

  /**
   * (B, in, H, W) → (B, out, H', W'), H' = (H − 1)·s − 2p + k.
   *
   * @throws IllegalArgumentException when H' or W' is not a multiple of the stride
   */
  public static NDArray forward(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
    long k = weight.getShape().get(2);
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    long outH = (h - 1) * stride - 2L * padding + k;
    long outW = (w - 1) * stride - 2L * padding + k;
    if (outH % stride != 0 || outW % stride != 0) {
      throw new IllegalArgumentException("transposed convolution output " + outH + "x" + outW + " is not a multiple of stride " + stride);
    }
    NDArray wt = weight.transpose(1, 0, 2, 3); // (out, in, k, k)
    wt.attach(x.getManager()); // a view of the weight, owned by the caller's scope, not the model
    NDList rows = new NDList();
    for (int a = 0; a < stride; a++) {
      NDList cols = new NDList();
      for (int b = 0; b < stride; b++) {
        cols.add(phase(x, wt, k, stride, padding, a, b, outH / stride, outW / stride));
      }
      rows.add(stride == 1 ? cols.get(0) : NDArrays.stack(cols, 4)); // (B, out, M, N, s): [m, n, b]
    }
    NDArray y;
    long bsz = x.getShape().get(0);
    long out = weight.getShape().get(1);
    if (stride == 1) {
      y = rows.get(0);
    } else {
      y = NDArrays.stack(rows, 3).reshape(bsz, out, outH, outW); // (B, out, M, s, N, s) → (B, out, H', W')
    }
    if (bias != null) {
      NDArray b4 = bias.reshape(1, out, 1, 1);
      b4.attach(x.getManager());
      y = y.add(b4);
    }
    return y;
  }

  /** Output phase (a, b): an (M, N) grid of the pixels (s·m + a, s·n + b). */
  private static NDArray phase(NDArray x, NDArray wt, long k, int s, int p, int a, int b, long m, long n) {
    int ra = (a + p) % s;
    int qa = (a + p) / s;
    int rb = (b + p) % s;
    int qb = (b + p) / s;
    long ja = (k - ra + s - 1) / s; // taps of this phase along each axis
    long jb = (k - rb + s - 1) / s;
    // taps r, r + s, …, flipped: correlation with v[t] = w[s·(J − 1 − t) + r]
    NDArray sub = wt.get(new NDIndex(":, :, " + ra + "::" + s + ", " + rb + "::" + s)).flip(2, 3);
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    // y[m] = Σ_t x[m + q − (J − 1) + t] v[t]: pad J − 1 − q before, and enough after for M outputs
    long top = ja - 1 - qa;
    long left = jb - 1 - qb;
    long bottom = m + ja - 1 - top - h;
    long right = n + jb - 1 - left - w;
    NDArray xp = x.pad(new Shape(left, right, top, bottom), 0); // negative amounts crop
    return Conv2d.conv2d(xp, sub, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
  }
}
