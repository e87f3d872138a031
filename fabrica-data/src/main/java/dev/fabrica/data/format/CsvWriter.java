package dev.fabrica.data.format;

import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.IOException;
import java.nio.file.Path;

/**
 * CSV output: a header, comma-separated, LF line ends, UTF-8 without BOM; a field is quoted when it
 * holds a comma, quote, CR or LF (quotes doubled); a missing value is an empty field. Image columns
 * cannot be written as CSV.
 */
public final class CsvWriter implements RowWriter {
  @Override
  public String name() {
    return "csv";
  }

  @Override
  public String extension() {
    return "csv";
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

  /** The first part holds the header; the others rows only. */
  @Override
  public Sink openPart(Schema schema, Path file, boolean first, boolean last) throws IOException {
    RowWriter.rejectImages(schema, "csv");
    int n = schema.size();
    Utf8Out w = new Utf8Out(file);
    if (first) {
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          w.write(',');
        }
        field(w, schema.column(i).name());
      }
      w.write('\n');
    }
    return new Sink() {
      @Override
      public void accept(Row row) throws IOException {
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            w.write(',');
          }
          Object v = row.get(i);
          if (v instanceof String s) {
            field(w, s);
          } else if (v != null) {
            w.utf8(Cells.asText(v)); // numbers and booleans hold no character that needs quotes
          }
        }
        w.write('\n');
      }

      @Override
      public void close() throws IOException {
        w.close();
      }
    };
  }

  /** Writes a field, quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
  private static void field(Utf8Out w, String s) throws IOException {
    int n = s.length();
    boolean quote = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      w.utf8(s);
      return;
    }
    w.write('"');
    int from = 0;
    for (int q = s.indexOf('"'); q >= 0; q = s.indexOf('"', from)) {
      w.utf8(s, from, q + 1);
      w.write('"');
      from = q + 1;
    }
    w.utf8(s, from, n);
    w.write('"');
  }
}
