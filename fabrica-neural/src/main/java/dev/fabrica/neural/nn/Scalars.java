package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

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

  /** op(x, v) with v made by libtorch; the handle is closed, autograd keeps its own reference. */
  private static NDArray with(NDArray x, double v, BinaryOperator<NDArray> op) {
    try (NDArray s = of(x, v)) {
      return op.apply(x, s);
    }
  }

  /** x · v */
  public static NDArray mul(NDArray x, double v) {
    return with(x, v, NDArray::mul);
  }

  /** x / v */
  public static NDArray div(NDArray x, double v) {
    return with(x, v, NDArray::div);
  }

  /** x + v */
  public static NDArray add(NDArray x, double v) {
    return with(x, v, NDArray::add);
  }

  /** x − v */
  public static NDArray sub(NDArray x, double v) {
    return with(x, v, NDArray::sub);
  }

  /** x^v, elementwise */
  public static NDArray pow(NDArray x, double v) {
    return with(x, v, NDArray::pow);
  }

  /** max(x, v), elementwise */
  public static NDArray maximum(NDArray x, double v) {
    return with(x, v, NDArray::maximum);
  }

  /** min(x, v), elementwise */
  public static NDArray minimum(NDArray x, double v) {
    return with(x, v, NDArray::minimum);
  }
}
