package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** UTF-8 validation and error positions (line, character column) in a file. */
final class Utf8 {
  private Utf8() {}

  /**
   * Index of the first byte of an invalid UTF-8 sequence in {@code b[from, to)}, or -1 when the
   * bytes are valid (overlong forms, surrogates and code points past U+10FFFF are invalid).
   */
  static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + n >= to) {
        return i; // truncated sequence
      }
      int cp = c & (0x3F >> n);
      for (int k = 1; k <= n; k++) {
        int cc = b[i + k] & 0xFF;
        if ((cc & 0xC0) != 0x80) {
          return i;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return i;
      }
      i += n + 1;
    }
    return -1;
  }

  /**
   * The 1-based line and character column of byte {@code offset} of {@code file}, re-read from the
   * start (only called on errors).
   */
  static long[] locate(Path file, long offset) {
    long line = 1;
    long col = 1;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      long pos = 0;
      int n;
      while (pos < offset && (n = in.read(buf)) > 0) {
        for (int i = 0; i < n && pos < offset; i++, pos++) {
          int c = buf[i] & 0xFF;
          if (c == '\n') {
            line++;
            col = 1;
          } else if ((c & 0xC0) != 0x80) {
            col++;
          }
        }
      }
    } catch (IOException e) {
      return new long[] {line, col};
    }
    return new long[] {line, col};
  }

  /** An error at byte {@code offset} of {@code file}: "file line L, column C: message". */
  static BadInputException errorAt(Path file, long offset, String message) {
    long[] lc = locate(file, offset);
    return new BadInputException(file + " line " + lc[0] + ", column " + lc[1] + ": " + message);
  }
}
