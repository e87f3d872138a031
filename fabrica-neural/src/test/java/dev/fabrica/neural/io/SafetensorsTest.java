package dev.fabrica.neural.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  private static final float NAN = Float.NaN;
  private static final float INF = Float.POSITIVE_INFINITY;

  @TempDir Path dir;

  /** The tensors of golden.safetensors, as make_golden.py builds them. */
  private static Map<String, Tensor> goldenTensors() {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("weights.f32", Tensor.f32(new long[] {2, 3}, new float[] {0f, -1.5f, 3.14159265f, 1e-40f, INF, NAN}));
    t.put("weights.f16", Tensor.f16(new long[] {10}, new float[] {
        1f, -2f, 65504f, 0x1p-24f, 1f + 0x1p-11f, 1f + 3 * 0x1p-11f, INF, 0.1f, -0f, NAN}));
    t.put("weights.bf16", Tensor.bf16(new long[] {2, 4}, new float[] {
        1f, -3f, 1f + 0x1p-8f, 1f + 3 * 0x1p-8f, 1e-39f, 3.4e38f, Float.NEGATIVE_INFINITY, NAN}));
    t.put("steps.i64", Tensor.i64(new long[] {3, 2}, new long[] {
        0, -1, (1L << 53) + 1, Long.MIN_VALUE, Long.MAX_VALUE, 42}));
    return t;
  }

  private static Map<String, String> goldenMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "pt");
    m.put("step", "1200");
    m.put("note", "naïve ünïcode");
    return m;
  }

  private static Path golden() throws URISyntaxException {
    return Path.of(SafetensorsTest.class.getResource("/safetensors/golden.safetensors").toURI());
  }

  @Test
  void reads_the_python_golden_file_values() throws Exception {
    Safetensors.Loaded loaded = Safetensors.read(golden());

    assertThat(loaded.metadata()).containsExactlyEntriesOf(goldenMetadata());
    assertThat(loaded.tensors().keySet())
        .containsExactly("weights.f32", "weights.f16", "weights.bf16", "steps.i64");
    Tensor f32 = loaded.tensors().get("weights.f32");
    assertThat(f32.dtype()).isEqualTo(DType.F32);
    assertThat(f32.shape()).containsExactly(2, 3);
    assertThat(f32.toFloats()).containsExactly(0f, -1.5f, 3.1415927f, 1e-40f, INF, NAN);
    assertThat(loaded.tensors().get("weights.f16").toFloats()).containsExactly(
        1f, -2f, 65504f, 0x1p-24f, 1f, 1f + 0x1p-9f, INF, 0.0999755859375f, -0f, NAN);
    assertThat(loaded.tensors().get("weights.bf16").toFloats()).containsExactly(
        1f, -3f, 1f, 1f + 0x1p-6f, Float.intBitsToFloat(0x000b0000), INF,
        Float.NEGATIVE_INFINITY, NAN);
    assertThat(loaded.tensors().get("steps.i64").toLongs()).containsExactly(
        0, -1, (1L << 53) + 1, Long.MIN_VALUE, Long.MAX_VALUE, 42);
  }

  @Test
  void writer_reproduces_the_python_golden_file_byte_for_byte() throws Exception {
    Path out = dir.resolve("java.safetensors");

    Safetensors.write(out, goldenTensors(), goldenMetadata());

    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(golden()));
  }

  @Test
  void round_trip_keeps_scalars_empty_tensors_and_escaped_names() {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("scalar", Tensor.f32(new long[] {}, new float[] {7f}));
    t.put("empty", Tensor.i64(new long[] {0, 4}, new long[] {}));
    t.put("we\"ird\\na\tme", Tensor.bf16(new long[] {1}, new float[] {2f}));
    Path file = dir.resolve("x.safetensors");

    Safetensors.write(file, t, Map.of());
    Safetensors.Loaded back = Safetensors.read(file);

    assertThat(back.tensors()).containsExactlyEntriesOf(t);
    assertThat(back.metadata()).isEmpty();
    assertThat(back.tensors().get("scalar").numel()).isEqualTo(1);
    assertThat(back.tensors().get("empty").numel()).isZero();
  }

  @Test
  void header_is_padded_with_spaces_to_a_multiple_of_eight() throws IOException {
    Path file = dir.resolve("p.safetensors");
    Safetensors.write(file, Map.of("a", Tensor.f32(new long[] {1}, new float[] {1f})), Map.of());

    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

    assertThat(n % 8).isZero();
    assertThat(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
        .startsWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")
        .endsWith(" ");
  }

  @Test
  void rejects_a_header_length_beyond_the_file() throws IOException {
    Path file = raw(1000, "{}");

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("header length 1000 goes beyond the file");
  }

  @Test
  void rejects_a_header_that_is_not_json() throws IOException {
    Path file = raw(-1, "{\"a\": [1, ");

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void rejects_an_unknown_dtype_naming_the_tensor() throws IOException {
    Path file = raw(-1, "{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
        new byte[8]);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("tensor 'w': unknown dtype \"C64\"");
  }

  @Test
  void rejects_offsets_that_do_not_match_the_shape() throws IOException {
    Path file = raw(-1, "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
        new byte[12]);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tensor 'w': data_offsets [0, 12] span 12 bytes, but F32[2, 2] needs 16");
  }

  @Test
  void rejects_overlapping_offsets() throws IOException {
    Path file = raw(-1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tensor 'b': data_offsets [4, 12] overlap");
  }

  @Test
  void rejects_truncated_data_naming_the_tensor() throws IOException {
    Path file = raw(-1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[8,24]}}", new byte[20]);

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("tensor 'b': data is truncated: it ends at data byte 24 but the file"
            + " holds only 20 data bytes");
  }

  @Test
  void rejects_a_truncated_golden_file() throws Exception {
    byte[] bytes = Files.readAllBytes(golden());
    Path file = dir.resolve("cut.safetensors");
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tensor 'steps.i64': data is truncated");
  }

  @Test
  void rejects_metadata_values_that_are_not_strings() throws IOException {
    Path file = raw(-1, "{\"__metadata__\":{\"step\":3}}");

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("__metadata__ field 'step' must be a string, found 3");
  }

  @Test
  void rejects_a_missing_file_naming_it() {
    Path file = dir.resolve("absent.safetensors");

    assertThatThrownBy(() -> Safetensors.read(file))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString());
  }

  /** A file with the given header (its real length when {@code length} is negative) and data. */
  private Path raw(long length, String header, byte[]... data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(length < 0 ? h.length : length);
    Path file = dir.resolve("bad.safetensors");
    try (var out = Files.newOutputStream(file)) {
      out.write(b.array());
      out.write(h);
      for (byte[] d : data) {
        out.write(d);
      }
    }
    return file;
  }
}
