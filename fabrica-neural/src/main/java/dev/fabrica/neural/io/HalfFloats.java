package dev.fabrica.neural.io;

/**
 * Conversions between float32 and the 16-bit formats IEEE 754 binary16 (F16) and bfloat16 (BF16),
 * rounding to nearest with ties to even; subnormals, infinities and NaN are kept.
 */
final class HalfFloats {
  private HalfFloats() {}

  /** The binary16 bits nearest to {@code f} (ties to even); too large becomes infinity. */
  static short toF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      // keep NaN a NaN even when its payload lives only in the 13 bits that are dropped
      return (short) (sign | 0x7c00 | (mant == 0 ? 0 : 0x200 | (mant >>> 13)));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      // binary16 subnormal: value = m * 2^-24 with m = (1.mant * 2^23) >> (14 - e)
      int shift = 14 - e;
      if (shift > 24) {
        return (short) sign; // below half the smallest subnormal: rounds to zero
      }
      int full = mant | 0x800000;
      int m = full >>> shift;
      int rem = full & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (m & 1) != 0)) {
        m++; // may reach 0x400, the smallest normal, which is the right encoding
      }
      return (short) (sign | m);
    }
    int h = sign | (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
      h++; // a carry into the exponent is correct, up to infinity
    }
    return (short) h;
  }

  /** The float32 equal to the binary16 {@code bits} (exact: every binary16 is a float32). */
  static float fromF16(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** The bfloat16 bits nearest to {@code f} (ties to even): the top half of the float32 bits. */
  static short toBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40); // quiet, so a low-payload NaN stays NaN
    }
    int bias = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + bias) >>> 16);
  }

  /** The float32 equal to the bfloat16 {@code bits}. */
  static float fromBf16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
