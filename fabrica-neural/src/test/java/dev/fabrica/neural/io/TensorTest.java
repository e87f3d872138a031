package dev.fabrica.neural.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void f16_rounds_ties_to_even_and_overflows_to_infinity() {
    float[] back = Tensor.f16(new long[] {5}, new float[] {
        1f + 0x1p-11f, 1f + 3 * 0x1p-11f, 1e5f, -1e5f, 65519f}).toFloats();

    assertThat(back).containsExactly(1f, 1f + 0x1p-9f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 65504f);
  }

  @Test
  void f16_keeps_subnormals_and_rounds_tiny_values_to_signed_zero() {
    float[] back = Tensor.f16(new long[] {5}, new float[] {
        0x1p-24f, 3 * 0x1p-25f, 0x1p-25f, -0x1p-26f, 0x1.ffcp-15f}).toFloats();

    // ties go to even: 3·2^-25 to 2·2^-24, 2^-25 to 0, 1023.5·2^-24 up to the smallest normal
    assertThat(back).containsExactly(0x1p-24f, 0x1p-23f, 0f, -0f, 0x1p-14f);
    assertThat(Float.floatToRawIntBits(back[3])).isEqualTo(0x80000000);
  }

  @Test
  void every_f16_bit_pattern_survives_a_round_trip_through_float() {
    for (int h = 0; h < 0x10000; h++) {
      float f = HalfFloats.fromF16((short) h);
      if (!Float.isNaN(f)) {
        assertThat(HalfFloats.toF16(f) & 0xffff).as("bits %04x", h).isEqualTo(h);
      }
    }
  }

  @Test
  void bf16_rounds_ties_to_even_and_keeps_nan() {
    float[] back = Tensor.bf16(new long[] {4}, new float[] {
        1f + 0x1p-8f, 1f + 3 * 0x1p-8f, Float.intBitsToFloat(0x7f800001), -0f}).toFloats();

    assertThat(back[0]).isEqualTo(1f);
    assertThat(back[1]).isEqualTo(1f + 0x1p-6f);
    assertThat(back[2]).isNaN();
    assertThat(Float.floatToRawIntBits(back[3])).isEqualTo(0x80000000);
  }

  @Test
  void f32_and_i64_keep_values_little_endian() {
    Tensor f = Tensor.f32(new long[] {1}, new float[] {1f});
    Tensor l = Tensor.i64(new long[] {1}, new long[] {258});

    assertThat(f.data()).containsExactly(0, 0, (byte) 0x80, 0x3f);
    assertThat(l.data()).containsExactly(2, 1, 0, 0, 0, 0, 0, 0);
    assertThat(l.toLongs()).containsExactly(258);
  }

  @Test
  void rejects_data_whose_length_does_not_match_the_shape() {
    assertThatThrownBy(() -> new Tensor(DType.F32, new long[] {2, 2}, new byte[12]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("F32[2, 2] needs 16 bytes, got 12");
    assertThatThrownBy(() -> Tensor.f32(new long[] {3}, new float[2]))
        .hasMessageContaining("shape [3] holds 3 values, got 2");
  }

  @Test
  void rejects_reading_longs_from_a_float_tensor_and_floats_from_longs() {
    assertThatThrownBy(() -> Tensor.f32(new long[] {1}, new float[1]).toLongs())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Tensor.i64(new long[] {1}, new long[1]).toFloats())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void equal_contents_make_equal_tensors() {
    assertThat(Tensor.f32(new long[] {2}, new float[] {1, 2}))
        .isEqualTo(Tensor.f32(new long[] {2}, new float[] {1, 2}))
        .hasSameHashCodeAs(Tensor.f32(new long[] {2}, new float[] {1, 2}))
        .isNotEqualTo(Tensor.f32(new long[] {1, 2}, new float[] {1, 2}));
  }
}
