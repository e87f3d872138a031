package dev.fabrica.data.format;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a JSONL file (a stream of JSON objects, one per line or spanning lines) into byte ranges
 * that can be read in parallel with {@link JsonFormat#openRange}, giving together the rows and
 * columns {@link JsonFormat#open} finds. A record starts at a {@code {} outside strings at depth 0;
 * whether a byte is inside a string, and at which depth, depends on everything before it, so each
 * range is {@link #scan scanned} from the three states a byte boundary can be in (outside strings,
 * inside one, just after a backslash inside one), with depths counted relative to the range's
 * start; {@link #ranges} follows the true state and depth through the scans in order. Line breaks
 * are counted as Jackson counts them (LF, CR, CRLF as one), which in valid JSON lie outside strings.
 */
public final class JsonSplits {
  static final byte OUTSIDE = 0;
  static final byte IN_STRING = 1;
  static final byte AFTER_BACKSLASH = 2;
  private static final int STATES = 3;

  private JsonSplits() {}

  /**
   * What a range does from each start state: the state and relative depth at its end, and for each
   * depth k the range starts at, the first {@code {} met at depth 0 (-1: none) and the line breaks
   * before it; the line breaks in the whole range; whether it starts with LF and ends with CR (a
   * CRLF cut in two is one break).
   */
  public record Scan(byte[] end, long[] depth, long[][] first, long[][] breaksBefore, long breaks, boolean startsWithLf,
      boolean endsWithCr) implements Serializable {}

  /** A range's records: the first starts at byte {@code start} (-1: none) on line {@code line}, the last before {@code end}. */
  public record Range(long start, long line, long end) implements Serializable {}

  /** Scans {@code [from, to)} of {@code file} from every start state. */
  public static Scan scan(Path file, long from, long to) throws IOException {
    byte[] state = {OUTSIDE, IN_STRING, AFTER_BACKSLASH};
    long[] depth = new long[STATES];
    long[][] first = new long[STATES][4];
    long[][] before = new long[STATES][4];
    for (int t = 0; t < STATES; t++) {
      Arrays.fill(first[t], -1);
    }
    long breaks = 0;
    boolean cr = false;
    boolean startsWithLf = false;
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (FileChannel ch = FileChannel.open(file)) {
      long pos = from;
      while (pos < to) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), to - pos));
        int n = ch.read(buf, pos);
        if (n <= 0) {
          break;
        }
        byte[] a = buf.array();
        for (int i = 0; i < n; i++) {
          byte b = a[i];
          if (b == '\n') {
            startsWithLf |= pos + i == from;
            breaks += cr ? 0 : 1;
          } else if (b == '\r') {
            breaks++;
          }
          cr = b == '\r';
          for (int t = 0; t < STATES; t++) {
            byte s = state[t];
            if (s == OUTSIDE) {
              switch (b) {
                case '"' -> state[t] = IN_STRING;
                case '{' -> {
                  if (depth[t] <= 0) {
                    int k = (int) -depth[t];
                    if (k >= first[t].length) {
                      first[t] = grow(first[t], k);
                      before[t] = Arrays.copyOf(before[t], first[t].length);
                    }
                    if (first[t][k] < 0) {
                      first[t][k] = pos + i;
                      before[t][k] = breaks;
                    }
                  }
                  depth[t]++;
                }
                case '[' -> depth[t]++;
                case '}', ']' -> depth[t]--;
                default -> { }
              }
            } else if (s == IN_STRING) {
              if (b == '"') {
                state[t] = OUTSIDE;
              } else if (b == '\\') {
                state[t] = AFTER_BACKSLASH;
              }
            } else {
              state[t] = IN_STRING;
            }
          }
        }
        pos += n;
      }
    }
    return new Scan(state, depth, first, before, breaks, startsWithLf, cr);
  }

  private static long[] grow(long[] a, int k) {
    long[] b = Arrays.copyOf(a, Math.max(a.length * 2, k + 1));
    Arrays.fill(b, a.length, b.length, -1);
    return b;
  }

  /**
   * The ranges' records: the true state followed from the file's start (outside strings, depth 0,
   * line 1) through {@code scans} (one per range, in order); the first range reads from the file's
   * first byte (a byte order mark), as {@link JsonFormat#open} does. Null when the structure is
   * broken (more closing than opening brackets, a string or object left open at the end): then
   * only the whole-file reader gives the embedded engine's error.
   */
  public static List<Range> ranges(long[] bounds, List<Scan> scans) {
    byte state = OUTSIDE;
    long depth = 0;
    long line = 1;
    List<Range> ranges = new ArrayList<>();
    for (int k = 0; k < scans.size(); k++) {
      Scan scan = scans.get(k);
      if (k > 0 && scans.get(k - 1).endsWithCr() && scan.startsWithLf()) {
        line--; // the LF ends the CR's line break
      }
      long[] first = scan.first()[state];
      long start = depth < first.length ? first[(int) depth] : -1;
      if (k == 0 && start >= 0) {
        ranges.add(new Range(0, 1, bounds[1]));
      } else {
        ranges.add(start < 0 ? new Range(-1, -1, bounds[k + 1]) : new Range(start, line + scan.breaksBefore()[state][(int) depth], bounds[k + 1]));
      }
      line += scan.breaks();
      depth += scan.depth()[state];
      state = scan.end()[state];
      if (depth < 0) {
        return null;
      }
    }
    return state == OUTSIDE && depth == 0 ? ranges : null;
  }
}
