package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8OutTest {
  @TempDir Path tmp;

  /** Characters from every UTF-8 length class, plus pairs and lone surrogates. */
  private static String randomText(SplittableRandom rng, int n) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      switch (rng.nextInt(7)) {
        case 0, 1 -> sb.append((char) rng.nextInt(0x20, 0x7F));
        case 2 -> sb.append((char) rng.nextInt(0x80, 0x800));
        case 3 -> sb.append((char) rng.nextInt(0x4E00, 0x9FFF)); // CJK
        case 4 -> sb.appendCodePoint(rng.nextInt(0x1F300, 0x1FAFF)); // emoji: a surrogate pair
        case 5 -> sb.append((char) rng.nextInt(0xD800, 0xE000)); // a lone surrogate
        default -> sb.append("abc ".repeat(rng.nextInt(1, 50)));
      }
    }
    return sb.toString();
  }

  @Test
  void encodes_exactly_as_string_get_bytes_across_buffer_boundaries() throws IOException {
    SplittableRandom rng = new SplittableRandom(11);
    Path file = tmp.resolve("out.txt");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (Utf8Out out = new Utf8Out(file)) {
      for (int k = 0; k < 400; k++) {
        String s = randomText(rng, rng.nextInt(0, k % 50 == 0 ? 70_000 : 300));
        int from = s.isEmpty() ? 0 : rng.nextInt(s.length());
        out.utf8(s, from, s.length());
        out.write('\n');
        expected.writeBytes(s.substring(from).getBytes(StandardCharsets.UTF_8));
        expected.write('\n');
      }
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
  }

  @Test
  void a_string_of_ascii_as_long_as_the_buffer_is_written_whole() throws IOException {
    Path file = tmp.resolve("a.txt");
    String s = "x".repeat((1 << 16) - 4) + "é" + "y".repeat(1 << 17);
    try (Utf8Out out = new Utf8Out(file)) {
      out.write('[');
      out.utf8(s);
    }
    assertThat(Files.readString(file)).isEqualTo("[" + s);
  }
}
