package dev.fabrica.data.format;

import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    RowWriter.rejectImages(schema, "csv");
    int n = schema.size();
    OutputStream w = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        w.write(',');
      }
      field(w, schema.column(i).name());
    }
    w.write('\n');
    return new Sink() {
      @Override
      public void accept(Row row) throws IOException {
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            w.write(',');
          }
          Object v = row.get(i);
          if (v != null) {
            field(w, Cells.asText(v));
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

  /** Writes a field as UTF-8 bytes (String.getBytes is the JDK's fast path), quoted when needed. */
  private static void field(OutputStream w, String s) throws IOException {
    boolean quote = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      w.write(s.getBytes(StandardCharsets.UTF_8));
      return;
    }
    w.write('"');
    w.write(s.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8));
    w.write('"');
  }
}
