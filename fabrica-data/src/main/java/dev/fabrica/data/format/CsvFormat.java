package dev.fabrica.data.format;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * CSV and TSV input (RFC 4180): a header line, fields quoted with {@code "} may hold delimiters,
 * newlines and doubled quotes; a UTF-8 byte order mark is skipped; CRLF or LF line ends. Options:
 * {@code delimiter} (one character; default {@code ,}, or tab for {@code tsv}), {@code header}
 * (default true; without one, columns are {@code column_1..n}), {@code na_values} (texts read as
 * missing; default {@link #DEFAULT_NA}), {@code numbers} (default true: a field whose text is a
 * number in canonical form, {@code 42} or {@code 3.5}, is read as that number, parsed once on the
 * reading thread; any other text stays text, see {@link Cells#canonicalNumber}).
 */
public final class CsvFormat implements InputFormat {
  /** Texts read as missing values by default, as pandas does for the common ones. */
  public static final List<String> DEFAULT_NA = List.of("", "NA", "N/A", "NaN", "nan", "null", "NULL");

  private final String name;
  private final byte defaultDelimiter;

  private CsvFormat(String name, byte defaultDelimiter) {
    this.name = name;
    this.defaultDelimiter = defaultDelimiter;
  }

  public static CsvFormat csv() {
    return new CsvFormat("csv", (byte) ',');
  }

  public static CsvFormat tsv() {
    return new CsvFormat("tsv", (byte) '\t');
  }

  @Override
  public String name() {
    return name;
  }

  /** The recipe's options, checked: the delimiter, whether there is a header, missing-value texts, number parsing. */
  private record Settings(byte delimiter, boolean header, Set<String> na, boolean numbers) {}

  private Settings settings(Params options) {
    options.allowOnly("path", "format", "delimiter", "header", "na_values", "numbers");
    String d = options.string("delimiter", String.valueOf((char) defaultDelimiter));
    if (d.equals("\\t")) {
      d = "\t";
    }
    if (d.length() != 1 || d.charAt(0) > 127 || d.charAt(0) == '"' || d.charAt(0) == '\n') {
      throw options.error("delimiter", "must be one ASCII character other than a quote or newline, got '" + d + "'");
    }
    Set<String> na = new HashSet<>(options.strings("na_values", DEFAULT_NA));
    na.add("");
    return new Settings((byte) d.charAt(0), options.bool("header", true), na, options.bool("numbers", true));
  }

  /** The field delimiter {@code options} ask for (checked as {@link #open} checks it). */
  public byte delimiter(Params options) {
    return settings(options).delimiter();
  }

  /** Whether the file's first record is a header, as {@code options} say. */
  public boolean header(Params options) {
    return settings(options).header();
  }

  @Override
  public RowSource open(Path path, Params options) throws IOException {
    Settings o = settings(options);
    Parser p = new Parser(path, o.delimiter(), o.na(), o.numbers(), 0, 1, Long.MAX_VALUE);
    List<String> columns;
    if (o.header()) {
      List<Object> first = p.next();
      if (first == null) {
        throw new BadInputException(path + ": the file is empty (expected a header line)");
      }
      columns = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < first.size(); i++) {
        String c = first.get(i) == null ? "column_" + (i + 1) : Cells.asText(first.get(i)).strip();
        if (!seen.add(c)) {
          throw new BadInputException(path + " line 1: column name '" + c + "' appears twice in the header");
        }
        columns.add(c);
      }
    } else {
      List<Object> first = p.peek();
      if (first == null) {
        throw new BadInputException(path + ": the file is empty");
      }
      columns = new ArrayList<>();
      for (int i = 0; i < first.size(); i++) {
        columns.add("column_" + (i + 1));
      }
    }
    return new Source(path, p, columns);
  }

  /**
   * The records of {@code path} that start in one byte range, as {@link #open} reads them (the same
   * cells, line numbers and errors): {@code range} comes from {@link CsvSplits#ranges}, which found
   * where the range's first record starts and on which line.
   *
   * @param columns the file's columns, as {@link #open} found them
   */
  public RowSource openRange(Path path, Params options, List<String> columns, CsvSplits.Range range) throws IOException {
    Settings o = settings(options);
    if (range.start() < 0) {
      return new Source(path, null, columns);
    }
    Parser p = new Parser(path, o.delimiter(), o.na(), o.numbers(), range.start(), range.line(), range.end());
    if (range.header()) {
      p.next();
    }
    return new Source(path, p, columns);
  }

  private static final class Source implements RowSource {
    private final Path path;
    private final Parser parser;
    private final List<String> columns;

    Source(Path path, Parser parser, List<String> columns) {
      this.path = path;
      this.parser = parser;
      this.columns = List.copyOf(columns);
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public void read(Consumer<Row> sink) throws IOException {
      if (parser == null) {
        return; // a range in which no record starts
      }
      int n = columns.size();
      List<Object> fields;
      while ((fields = parser.next()) != null) {
        if (fields.size() != n) {
          throw new BadInputException(
              path + " line " + parser.recordLine + ": expected " + n + " fields as in the header, found "
                  + fields.size());
        }
        sink.accept(new Row(fields.toArray(), parser.recordLine));
      }
    }

    @Override
    public void close() throws IOException {
      if (parser != null) {
        parser.close();
      }
    }
  }

  /** A byte-level record parser: delimiters, quotes and line ends are ASCII, so UTF-8 needs no decoding until a field ends. */
  private static final class Parser {
    private final Path path;
    private final byte delim;
    private final Set<String> na;
    private final boolean numbers;
    private final int maxNa;
    private final InputStream in;
    private final long end; // records starting at or after this offset are left to the next range
    private final byte[] buf = new byte[1 << 16];
    private int len;
    private int i;
    private long base; // file offset of buf[0]
    private long line = 1;
    private long recordLine;
    private byte[] field = new byte[256];
    private int flen;
    private List<Object> peeked;
    private boolean eof;

    /**
     * Reads the records that start at {@code start} (a record's first byte, or 0) or later and
     * before {@code end}, the first of them on line {@code line}.
     */
    Parser(Path path, byte delim, Set<String> na, boolean numbers, long start, long line, long end) throws IOException {
      this.numbers = numbers;
      this.path = path;
      this.delim = delim;
      this.na = na;
      this.maxNa = na.stream().mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
      java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path);
      channel.position(start);
      this.in = java.nio.channels.Channels.newInputStream(channel);
      this.base = start;
      this.line = line;
      this.end = end;
      fill();
      if (start == 0 && len >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
        i = 3;
      }
    }

    void close() throws IOException {
      in.close();
    }

    private boolean fill() throws IOException {
      if (eof) {
        return false;
      }
      base += len;
      len = 0;
      i = 0;
      int n;
      while ((n = in.read(buf, len, buf.length - len)) == 0) {
        // keep trying
      }
      if (n < 0) {
        eof = true;
        return false;
      }
      len = n;
      return true;
    }

    /** -1 at end of input. */
    private int nextByte() throws IOException {
      if (i >= len && !fill()) {
        return -1;
      }
      return buf[i++] & 0xFF;
    }

    private int peekByte() throws IOException {
      if (i >= len && !fill()) {
        return -1;
      }
      return buf[i] & 0xFF;
    }

    private void put(int b) {
      if (flen == field.length) {
        field = java.util.Arrays.copyOf(field, flen * 2);
      }
      field[flen++] = (byte) b;
    }

    List<Object> peek() throws IOException {
      if (peeked == null) {
        peeked = read();
      }
      return peeked;
    }

    List<Object> next() throws IOException {
      if (peeked != null) {
        List<Object> r = peeked;
        peeked = null;
        return r;
      }
      return read();
    }

    /** The next non-blank record, or null at end of input. */
    private List<Object> read() throws IOException {
      while (true) {
        int c = peekByte();
        if (c < 0) {
          return null;
        }
        if (c == '\n') {
          i++;
          line++;
          continue;
        }
        if (c == '\r') {
          i++;
          if (peekByte() == '\n') {
            i++;
          }
          line++;
          continue;
        }
        break;
      }
      if (base + i >= end) {
        return null; // this record starts in the next range
      }
      recordLine = line;
      List<Object> fields = new ArrayList<>();
      while (true) {
        flen = 0;
        long fieldStart = base + i;
        boolean quoted = false;
        int c = nextByte();
        int end; // the byte that ended the field: delimiter, newline or -1
        if (c == '"') {
          quoted = true;
          long openLine = line;
          long openOffset = base + i - 1;
          fieldStart = base + i;
          while (true) {
            c = scanQuoted();
            if (c < 0) {
              throw Utf8.errorAt(path, openOffset,
                  "unterminated quoted field (the quote opened here is never closed; record starts at line "
                      + recordLine + ", quote on line " + openLine + ")");
            }
            if (c == '"') {
              if (peekByte() == '"') {
                i++;
                put('"');
                continue;
              }
              break;
            }
          }
          end = nextByte();
          if (end == '\r') {
            if (peekByte() == '\n') {
              i++;
            }
            end = '\n';
          }
          if (end != delim && end != '\n' && end >= 0) {
            throw Utf8.errorAt(path, base + i - 1,
                "unexpected character '" + (char) end + "' after a closing quote (quotes inside a quoted field are written \"\")");
          }
        } else {
          if (c >= 0 && c != delim && c != '\n' && c != '\r') {
            put(c);
            c = scanUnquoted();
          }
          if (c == '\r') {
            if (peekByte() == '\n') {
              i++;
            }
            c = '\n';
          }
          end = c;
        }
        fields.add(decode(fieldStart, quoted));
        if (end == '\n') {
          line++;
          return fields;
        }
        if (end < 0) {
          return fields;
        }
      }
    }

    /** Copies the rest of an unquoted field in bulk; returns the byte that ended it (or -1). */
    private int scanUnquoted() throws IOException {
      while (true) {
        int start = i;
        while (i < len) {
          byte b = buf[i];
          if (b == delim || b == '\n' || b == '\r') {
            break;
          }
          i++;
        }
        putAll(start, i - start);
        if (i < len) {
          return buf[i++] & 0xFF;
        }
        if (!fill()) {
          return -1;
        }
      }
    }

    /** Copies quoted content up to the next quote in bulk, counting lines; returns the quote or -1. */
    private int scanQuoted() throws IOException {
      while (true) {
        int start = i;
        while (i < len) {
          byte b = buf[i];
          if (b == '"') {
            break;
          }
          if (b == '\n') {
            line++;
          }
          i++;
        }
        putAll(start, i - start);
        if (i < len) {
          return buf[i++] & 0xFF;
        }
        if (!fill()) {
          return -1;
        }
      }
    }

    private void putAll(int from, int n) {
      if (flen + n > field.length) {
        field = java.util.Arrays.copyOf(field, Math.max(field.length * 2, flen + n));
      }
      System.arraycopy(buf, from, field, flen, n);
      flen += n;
    }

    private Object decode(long fieldStart, boolean quoted) {
      if (flen <= maxNa) {
        String small = new String(field, 0, flen, StandardCharsets.UTF_8);
        if (na.contains(small)) {
          return null;
        }
        return number(checked(small, fieldStart));
      }
      return number(checked(new String(field, 0, flen, StandardCharsets.UTF_8), fieldStart));
    }

    private Object number(String s) {
      return numbers ? Cells.canonicalNumber(s) : s;
    }

    /** The JDK decoder turns bad bytes into U+FFFD; only then are the bytes checked exactly. */
    private String checked(String s, long fieldStart) {
      if (s.indexOf('\uFFFD') >= 0) {
        int bad = Utf8.firstInvalid(field, 0, flen);
        if (bad >= 0) {
          throw Utf8.errorAt(path, fieldStart + bad, "invalid UTF-8 byte 0x"
              + Integer.toHexString(field[bad] & 0xFF) + " (the file must be UTF-8)");
        }
      }
      return s;
    }
  }
}
