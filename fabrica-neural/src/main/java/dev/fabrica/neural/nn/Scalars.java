package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between a tensor and a number that is safe to differentiate.
 *
 * <p>DJL 0.36's own {@code NDArray.mul(Number)} (and {@code div}, {@code pow}, {@code maximum},
 * {@code minimum}, {@code add}, {@code sub}) builds the number as a 0-d tensor over a direct
 * {@link java.nio.ByteBuffer} that libtorch reads without copying, and closes it as soon as the
 * operation returns. Autograd keeps that tensor for the backward pass (the factor of a product, the
 * divisor, the exponent, the bound of a maximum) while nothing keeps the buffer: once the garbage
 * collector frees it, the backward pass reads whatever the memory holds by then. Gradients came out
 * wrong in a way that depended on when the collector ran, and StyleGAN training turned NaN at a
 * different step in every run. Here the number is made by libtorch itself ({@code full}), so the
 * memory belongs to the tensor and lives as long as autograd needs it. A test checks that no class
 * of this module calls the number overloads.
 */
public final class Scalars {
  private Scalars() {}

  private static NDArray of(NDArray like, double v) {
    return like.getManager().full(new Shape(), (float) v, like.getDataType());
  }

  /** x · v */
  public static NDArray mul(NDArray x, double v) {
    try (NDArray s = of(x, v)) {
      return x.mul(s);
    }
  }

  /** x / v */
  public static NDArray div(NDArray x, double v) {
    try (NDArray s = of(x, v)) {
      return x.div(s);
    }
  }

  /** x + v */
  public static NDArray add(NDArray x, double v) {
    try (NDArray s = of(x, v)) {
      return x.add(s);
    }
  }

  /** x − v */
  public static NDArray sub(NDArray x, double v) {
    try (NDArray s = of(x, v)) {
      return x.sub(s);
    }
  }

  /** x^v, elementwise */
  public static NDArray pow(NDArray x, double v) {
    try (NDArray s = of(x, v)) {
      return x.pow(s);
    }
  }

  /** max(x, v), elementwise */
  public static NDArray maximum(NDArray x, double v) {
    try (NDArray s = of(x, v)) {
      return x.maximum(s);
    }
  }

  /** min(x, v), elementwise */
  public static NDArray minimum(NDArray x, double v) {
    try (NDArray s = of(x, v)) {
      return x.minimum(s);
    }
  }
}
