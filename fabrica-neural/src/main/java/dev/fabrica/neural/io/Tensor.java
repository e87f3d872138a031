package dev.fabrica.neural.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense row-major tensor as raw little-endian bytes, the layout of a safetensors file.
 *
 * <p>The shape is copied; {@code data} is not (checkpoints are large), so callers must not change
 * it afterwards. Equality compares dtype, shape and bytes.
 *
 * @param dtype the element type
 * @param shape the dimensions, outermost first; {@code []} is a scalar
 * @param data {@code numel * dtype.size()} bytes, little-endian
 */
public record Tensor(DType dtype, long[] shape, byte[] data) {
  /** Checks that {@code data} holds exactly {@code numel(shape)} elements of {@code dtype}. */
  public Tensor {
    if (dtype == null || shape == null || data == null) {
      throw new IllegalArgumentException("dtype, shape and data must not be null");
    }
    shape = shape.clone();
    long expected = Math.multiplyExact(numel(shape), (long) dtype.size());
    if (data.length != expected) {
      throw new IllegalArgumentException(
          "tensor " + dtype + Arrays.toString(shape) + " needs " + expected + " bytes, got "
              + data.length);
    }
  }

  /** A float32 tensor holding {@code values}, row-major. */
  public static Tensor f32(long[] shape, float[] values) {
    ByteBuffer b = buffer(shape, values.length, DType.F32);
    b.asFloatBuffer().put(values);
    return new Tensor(DType.F32, shape, b.array());
  }

  /** A binary16 tensor holding {@code values} rounded to nearest, ties to even. */
  public static Tensor f16(long[] shape, float[] values) {
    ByteBuffer b = buffer(shape, values.length, DType.F16);
    for (float v : values) {
      b.putShort(HalfFloats.toF16(v));
    }
    return new Tensor(DType.F16, shape, b.array());
  }

  /** A bfloat16 tensor holding {@code values} rounded to nearest, ties to even. */
  public static Tensor bf16(long[] shape, float[] values) {
    ByteBuffer b = buffer(shape, values.length, DType.BF16);
    for (float v : values) {
      b.putShort(HalfFloats.toBf16(v));
    }
    return new Tensor(DType.BF16, shape, b.array());
  }

  /** An int64 tensor holding {@code values}, row-major. */
  public static Tensor i64(long[] shape, long[] values) {
    ByteBuffer b = buffer(shape, values.length, DType.I64);
    b.asLongBuffer().put(values);
    return new Tensor(DType.I64, shape, b.array());
  }

  /** The elements as floats (exact for F32, F16 and BF16). */
  public float[] toFloats() {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[data.length / dtype.size()];
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out);
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.fromF16(b.getShort());
        }
      }
      case BF16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfFloats.fromBf16(b.getShort());
        }
      }
      default -> throw new IllegalStateException("toFloats() needs a float tensor, this is " + dtype);
    }
    return out;
  }

  /** The elements of an I64 tensor. */
  public long[] toLongs() {
    if (dtype != DType.I64) {
      throw new IllegalStateException("toLongs() needs an I64 tensor, this is " + dtype);
    }
    long[] out = new long[data.length / 8];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    return out;
  }

  /** The number of elements: the product of the shape, 1 for a scalar. */
  public long numel() {
    return numel(shape);
  }

  /** The dimensions (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The product of {@code shape}; fails on a negative dimension or overflow. */
  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static ByteBuffer buffer(long[] shape, int count, DType dtype) {
    if (numel(shape) != count) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + numel(shape) + " values, got " + count);
    }
    return ByteBuffer.allocate(Math.multiplyExact(count, dtype.size())).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor[" + dtype + Arrays.toString(shape) + ", " + data.length + " bytes]";
  }
}
