package dev.fabrica.data.format;

import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.IOException;
import java.nio.file.Path;

/**
 * JSON output: {@code json} is an array of records, one per line ({@code [{"text": …, "label":
 * …}, …]}); {@code jsonl} is one record per line. Values follow the column type (numbers as JSON
 * numbers, missing as {@code null}; a non-finite double as {@code null}). Image columns cannot be
 * written as JSON.
 */
public final class JsonWriter implements RowWriter {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final boolean lines;

  private JsonWriter(boolean lines) {
    this.lines = lines;
  }

  public static JsonWriter json() {
    return new JsonWriter(false);
  }

  public static JsonWriter jsonl() {
    return new JsonWriter(true);
  }

  @Override
  public String name() {
    return lines ? "jsonl" : "json";
  }

  @Override
  public String extension() {
    return name();
  }

  @Override
  public boolean streams() {
    return true;
  }

  @Override
  public Sink open(Schema schema, Path file) throws IOException {
    return openPart(schema, file, true, true);
  }

  @Override
  public boolean parts() {
    return true;
  }

  /** json: the first part opens the array, the last closes it, and a row's comma goes before it, except the file's first. */
  @Override
  public Sink openPart(Schema schema, Path file, boolean firstPart, boolean lastPart) throws IOException {
    RowWriter.rejectImages(schema, name());
    int n = schema.size();
    ColumnType[] types = new ColumnType[n];
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      types[i] = schema.column(i).type();
      keys[i] = schema.column(i).name();
    }
    Utf8Out out = new Utf8Out(file);
    if (!lines && firstPart) {
      out.write('[');
    }
    return new Sink() {
      private boolean first = firstPart; // the next row is the file's first

      @Override
      public void accept(Row row) throws IOException {
        if (!lines) {
          if (!first) {
            out.write(',');
          }
          out.write('\n');
        }
        first = false;
        out.write('{');
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.write(',');
          }
          string(out, keys[i]);
          out.write(':');
          value(out, types[i], row.get(i));
        }
        out.write('}');
        if (lines) {
          out.write('\n');
        }
      }

      @Override
      public void close() throws IOException {
        try (Utf8Out o = out) {
          if (!lines && lastPart) {
            o.utf8(first ? "]\n" : "\n]\n");
          }
        }
      }
    };
  }

  private static void value(Utf8Out out, ColumnType type, Object v) throws IOException {
    if (v == null) {
      out.utf8("null");
      return;
    }
    switch (type) {
      case INTEGER -> out.utf8(Long.toString(Cells.asLong(v)));
      case DOUBLE -> {
        double d = Cells.asDouble(v);
        out.utf8(Double.isFinite(d) ? Cells.formatDouble(d) : "null");
      }
      case BOOLEAN -> out.utf8(Cells.asBoolean(v) ? "true" : "false");
      default -> string(out, Cells.asText(v));
    }
  }

  /**
   * A JSON string: {@code "} and {@code \\} escaped, control characters as {@code \\n}, {@code
   * \\t}, {@code \\r}, {@code \\b}, {@code \\f} or {@code \\u00XX}, everything else as UTF-8
   * (emoji as four bytes, not as escaped surrogates).
   */
  static void string(Utf8Out out, String s) throws IOException {
    out.write('"');
    int from = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.utf8(s, from, i);
      from = i + 1;
      out.write('\\');
      switch (c) {
        case '"', '\\' -> out.write(c);
        case '\n' -> out.write('n');
        case '\t' -> out.write('t');
        case '\r' -> out.write('r');
        case '\b' -> out.write('b');
        case '\f' -> out.write('f');
        default -> {
          out.write('u');
          out.write('0');
          out.write('0');
          out.write(HEX[c >> 4]);
          out.write(HEX[c & 0xF]);
        }
      }
    }
    out.utf8(s, from, n);
    out.write('"');
  }
}
