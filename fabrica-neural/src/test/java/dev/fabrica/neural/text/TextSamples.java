package dev.fabrica.neural.text;

import java.util.List;
import java.util.Random;

/** Texts that tokenizers must round-trip, and a seeded generator of random well-formed strings. */
final class TextSamples {
  private TextSamples() {}

  static final List<String> TRICKY =
      List.of(
          "",
          "Hello, world!",
          "给我写一首关于秋天的诗",
          "family 👨‍👩‍👧 and love ❤️ 🎉",
          "supplementary: 𝄞 𠀀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \uD83D\uDE00",
          "  leading and trailing spaces  ",
          "lines\r\nwith\ttabs\n\n\r and    runs   of  spaces\n",
          "e\u0301 combining, 한국어, русский, عربى, ελληνικά");

  /** A random string of {@code length} code points drawn from ASCII, CJK, emoji, any plane, joiners. */
  static String random(Random rng, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int cp =
          switch (rng.nextInt(8)) {
            case 0, 1 -> 0x20 + rng.nextInt(0x5F);
            case 2 -> "\r\n\t  ".charAt(rng.nextInt(5));
            case 3 -> 0x4E00 + rng.nextInt(0x9FFF - 0x4E00);
            case 4 -> 0x1F300 + rng.nextInt(0x300);
            case 5 -> 0x10000 + rng.nextInt(0x10FFFF - 0x10000 + 1);
            case 6 -> new int[] {0x200D, 0xFE0F, 0x0301, 0x00E9, 0x2764}[rng.nextInt(5)];
            default -> {
              int c = rng.nextInt(0xFFFF + 1);
              yield Character.isSurrogate((char) c) ? 'x' : c;
            }
          };
      s.appendCodePoint(cp);
    }
    return s.toString();
  }
}
