package dev.fabrica.data.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A buffered UTF-8 byte writer for one thread: characters are encoded straight into the buffer (no
 * byte array per string, no lock per write, unlike {@code getBytes} into a BufferedOutputStream).
 * An unpaired surrogate is written as {@code ?}, as {@link String#getBytes} does.
 */
final class Utf8Out implements Closeable {
  private static final int SIZE = 1 << 16;
  private final OutputStream out;
  private final byte[] buf = new byte[SIZE];
  private int pos;

  Utf8Out(Path file) throws IOException {
    this.out = Files.newOutputStream(file);
  }

  void write(int b) throws IOException {
    if (pos == SIZE) {
      flush();
    }
    buf[pos++] = (byte) b;
  }

  /** Writes {@code s} as UTF-8. */
  void utf8(String s) throws IOException {
    utf8(s, 0, s.length());
  }

  /** Writes {@code s[from, to)} as UTF-8. */
  void utf8(String s, int from, int to) throws IOException {
    int i = from;
    while (i < to) {
      if (pos >= SIZE - 4) {
        flush();
      }
      // ASCII runs go in a tight loop, bounded by the room left in the buffer
      int limit = Math.min(to, i + (SIZE - 4 - pos));
      char c;
      while (i < limit && (c = s.charAt(i)) < 0x80) {
        buf[pos++] = (byte) c;
        i++;
      }
      if (i >= limit) {
        continue;
      }
      c = s.charAt(i++);
      if (c < 0x800) {
        buf[pos++] = (byte) (0xC0 | (c >> 6));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i < to && Character.isLowSurrogate(s.charAt(i))) {
          int cp = Character.toCodePoint(c, s.charAt(i++));
          buf[pos++] = (byte) (0xF0 | (cp >> 18));
          buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          buf[pos++] = '?';
        }
      } else {
        buf[pos++] = (byte) (0xE0 | (c >> 12));
        buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  private void flush() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  @Override
  public void close() throws IOException {
    try (OutputStream o = out) {
      o.write(buf, 0, pos);
      pos = 0;
    }
  }
}
