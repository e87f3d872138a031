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
 * Cuts a CSV file into byte ranges that can be read in parallel with {@link CsvFormat#openRange},
 * giving together exactly the rows {@link CsvFormat#open} reads (the same cells, lines, errors).
 *
 * <p>Whether a byte is inside a quoted field depends on everything before it, so a range cannot
 * tell on its own where its first record starts. Each range is first {@link #scan scanned} from
 * every state the record parser can be in at a byte boundary (at a line start, after a CR, at a
 * field start, in an unquoted field, in a quoted field, just after a quote inside one): where that
 * state leads by the range's end, how many lines it counts, and where the first record starts.
 * These scans are independent, so they run in parallel too. {@link #ranges} then follows the true
 * state from the file's start through the scans in order, which gives every range its first
 * record's offset and line. A range owns the records that start inside it; the last may run on
 * into the next range. The states mirror {@code CsvFormat.Parser}: blank lines are skipped, a CR
 * or CRLF ends a line, a quote opens a quoted field only at a field's start, and a doubled quote
 * inside one is a quote.
 */
public final class CsvSplits {
  static final byte LINE_START = 0;
  static final byte AFTER_CR = 1;
  static final byte FIELD_START = 2;
  static final byte UNQUOTED = 3;
  static final byte QUOTED = 4;
  static final byte QUOTE_IN_QUOTED = 5;
  /** A byte the parser would reject: a character after a closing quote. */
  static final byte ERROR = 6;
  private static final int STATES = 6;

  // byte classes
  private static final int QUOTE = 0;
  private static final int DELIMITER = 1;
  private static final int LF = 2;
  private static final int CR = 3;
  private static final int OTHER = 4;

  /** NEXT[state][class]: the state after a byte. */
  private static final byte[][] NEXT = {
      {QUOTED, FIELD_START, LINE_START, AFTER_CR, UNQUOTED}, // LINE_START
      {QUOTED, FIELD_START, LINE_START, AFTER_CR, UNQUOTED}, // AFTER_CR (its LF is part of the CRLF)
      {QUOTED, FIELD_START, LINE_START, AFTER_CR, UNQUOTED}, // FIELD_START
      {UNQUOTED, FIELD_START, LINE_START, AFTER_CR, UNQUOTED}, // UNQUOTED: a quote inside is text
      {QUOTE_IN_QUOTED, QUOTED, QUOTED, QUOTED, QUOTED}, // QUOTED
      {QUOTED, FIELD_START, LINE_START, AFTER_CR, ERROR}, // QUOTE_IN_QUOTED: doubled, or closing
  };
  /** LINES[state][class]: the lines a byte ends, as the parser counts them (a CR in quotes is not one). */
  private static final byte[][] LINES = {
      {0, 0, 1, 1, 0},
      {0, 0, 0, 1, 0},
      {0, 0, 1, 1, 0},
      {0, 0, 1, 1, 0},
      {0, 0, 1, 0, 0},
      {0, 0, 1, 1, 0},
  };

  private CsvSplits() {}

  /**
   * What a byte range does from each start state (indexed by state): the state at its end, the
   * lines it ends, the offset of the first record starting in it (-1: none) and the lines before
   * that record.
   */
  public record Scan(byte[] end, long[] lines, long[] first, long[] linesBeforeFirst) implements Serializable {}

  /**
   * A range's records: the first starts at byte {@code start} (-1: none starts in the range) on
   * line {@code line}, the last starts before {@code end}; {@code header} when the first is the
   * header, which is skipped.
   */
  public record Range(long start, long line, long end, boolean header) implements Serializable {}

  /** The byte the file's records start at: 3 after a UTF-8 byte order mark, else 0. */
  public static long dataStart(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer b = ByteBuffer.allocate(3);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // fill
      }
      return b.position() == 3 && (b.get(0) & 0xFF) == 0xEF && (b.get(1) & 0xFF) == 0xBB && (b.get(2) & 0xFF) == 0xBF ? 3 : 0;
    }
  }

  /** Range bounds over {@code [start, size)}: {@code start}, then every {@code bytes} bytes, then {@code size}. */
  public static long[] bounds(long start, long size, long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("range size must be positive, got " + bytes);
    }
    int n = (int) Math.max(1, (size - start + bytes - 1) / bytes);
    long[] b = new long[n + 1];
    for (int k = 0; k < n; k++) {
      b[k] = start + k * bytes;
    }
    b[n] = Math.max(start, size);
    return b;
  }

  /** Whether {@code delimiter} can be split on (a CR delimiter would be read as a line end by the state machine). */
  public static boolean splittable(byte delimiter) {
    return delimiter != '\r' && delimiter != '\n' && delimiter != '"';
  }

  /** Scans {@code [from, to)} of {@code file} from every start state. */
  public static Scan scan(Path file, byte delimiter, long from, long to) throws IOException {
    byte[] cls = new byte[256];
    Arrays.fill(cls, (byte) OTHER);
    cls['"'] = QUOTE;
    cls['\n'] = LF;
    cls['\r'] = CR;
    cls[delimiter & 0xFF] = DELIMITER;
    // tracks: distinct states stepped together; start state s follows track map[s], which has
    // counted lines[map[s]] + lineBase[s] of its lines (tracks in one state step alike, so merge)
    byte[] state = new byte[STATES];
    long[] lines = new long[STATES];
    boolean[] alive = new boolean[STATES];
    boolean[] pending = new boolean[STATES]; // some start state on this track has not met a record
    int[] map = new int[STATES];
    long[] lineBase = new long[STATES];
    long[] first = new long[STATES];
    long[] before = new long[STATES];
    for (int s = 0; s < STATES; s++) {
      state[s] = (byte) s;
      alive[s] = true;
      pending[s] = true;
      map[s] = s;
      first[s] = -1;
    }
    int live = STATES;
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (FileChannel ch = FileChannel.open(file)) {
      long pos = from;
      while (pos < to) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), to - pos));
        int n = ch.read(buf, pos);
        if (n <= 0) {
          break; // the file shrank: the scan ends where it does
        }
        byte[] a = buf.array();
        for (int i = 0; i < n; i++) {
          int c = cls[a[i] & 0xFF];
          for (int t = 0; t < STATES; t++) {
            if (!alive[t]) {
              continue;
            }
            byte s = state[t];
            if (s <= AFTER_CR && c != LF && c != CR && pending[t]) {
              pending[t] = false;
              for (int o = 0; o < STATES; o++) {
                if (map[o] == t && first[o] < 0) {
                  first[o] = pos + i;
                  before[o] = lines[t] + lineBase[o];
                }
              }
            }
            lines[t] += LINES[s][c];
            byte next = NEXT[s][c];
            state[t] = next;
            if (next == ERROR) {
              alive[t] = false;
              live--;
            }
          }
          if (live > 1) {
            live = merge(state, lines, alive, pending, map, lineBase, live);
          }
        }
        pos += n;
      }
    }
    byte[] end = new byte[STATES];
    long[] total = new long[STATES];
    for (int s = 0; s < STATES; s++) {
      end[s] = state[map[s]];
      total[s] = lines[map[s]] + lineBase[s];
    }
    return new Scan(end, total, first, before);
  }

  /** Merges tracks that reached the same state; returns the tracks left alive. */
  private static int merge(byte[] state, long[] lines, boolean[] alive, boolean[] pending, int[] map, long[] lineBase, int live) {
    for (int t = 0; t < STATES; t++) {
      if (!alive[t]) {
        continue;
      }
      for (int u = t + 1; u < STATES; u++) {
        if (alive[u] && state[u] == state[t]) {
          for (int o = 0; o < STATES; o++) {
            if (map[o] == u) {
              lineBase[o] += lines[u] - lines[t];
              map[o] = t;
            }
          }
          pending[t] |= pending[u];
          alive[u] = false;
          live--;
        }
      }
    }
    return live;
  }

  /**
   * The ranges' records: the true state followed from {@code bounds[0]} (a line start, line 1)
   * through {@code scans} (one per range, in order). Null when the file breaks the CSV grammar
   * (a character after a closing quote, a quote never closed): then only reading it in one piece
   * gives the error {@link CsvFormat#open} gives.
   *
   * @param header whether the first record is a header
   */
  public static List<Range> ranges(long[] bounds, List<Scan> scans, boolean header) {
    byte state = LINE_START;
    long line = 1;
    boolean headerSeen = !header;
    List<Range> ranges = new ArrayList<>();
    for (int k = 0; k < scans.size(); k++) {
      Scan scan = scans.get(k);
      long first = scan.first()[state];
      ranges.add(first < 0 ? new Range(-1, -1, bounds[k + 1], false)
          : new Range(first, line + scan.linesBeforeFirst()[state], bounds[k + 1], !headerSeen));
      headerSeen |= first >= 0;
      line += scan.lines()[state];
      state = scan.end()[state];
      if (state == ERROR) {
        return null;
      }
    }
    return state == QUOTED ? null : ranges;
  }
}
