package dev.fabrica.neural.io;

import java.util.Optional;

/** The element types a {@link Tensor} may hold, with their size in bytes and safetensors name. */
public enum DType {
  F32(4, "F32"),
  F16(2, "F16"),
  BF16(2, "BF16"),
  I64(8, "I64");

  private final int size;
  private final String safetensorsName;

  DType(int size, String safetensorsName) {
    this.size = size;
    this.safetensorsName = safetensorsName;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** The {@code dtype} string of a safetensors header, e.g. {@code "BF16"}. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /** The type whose safetensors name is {@code name}, or empty if fabrica does not support it. */
  public static Optional<DType> fromSafetensorsName(String name) {
    for (DType t : values()) {
      if (t.safetensorsName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
