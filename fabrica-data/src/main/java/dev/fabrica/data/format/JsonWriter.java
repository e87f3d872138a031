package dev.fabrica.data.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON output: {@code json} is an array of records, one per line ({@code [{"text": …, "label":
 * …}, …]}); {@code jsonl} is one record per line. Values follow the column type (numbers as JSON
 * numbers, missing as {@code null}; a non-finite double as {@code null}). Image columns cannot be
 * written as JSON.
 */
public final class JsonWriter implements RowWriter {
  /** Writes characters outside the BMP (emoji) as UTF-8, not as escaped surrogate pairs. */
  private static final com.fasterxml.jackson.core.JsonFactory FACTORY =
      com.fasterxml.jackson.core.JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();
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
    RowWriter.rejectImages(schema, name());
    int n = schema.size();
    ColumnType[] types = new ColumnType[n];
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      types[i] = schema.column(i).type();
      names[i] = schema.column(i).name();
    }
    OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    g.setRootValueSeparator(null);
    if (!lines) {
      g.writeRaw("[");
    }
    return new Sink() {
      private boolean first = true;

      @Override
      public void accept(Row row) throws IOException {
        if (!lines) {
          g.writeRaw(first ? "\n" : ",\n");
        }
        first = false;
        g.writeStartObject();
        for (int i = 0; i < n; i++) {
          g.writeFieldName(names[i]);
          value(g, types[i], row.get(i));
        }
        g.writeEndObject();
        if (lines) {
          g.writeRaw('\n');
        }
      }

      @Override
      public void close() throws IOException {
        try (OutputStream o = out; JsonGenerator gen = g) {
          if (!lines) {
            gen.writeRaw(first ? "]\n" : "\n]\n");
          }
        }
      }
    };
  }

  private static void value(JsonGenerator g, ColumnType type, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
      return;
    }
    switch (type) {
      case INTEGER -> g.writeNumber(Cells.asLong(v));
      case DOUBLE -> {
        double d = Cells.asDouble(v);
        if (Double.isFinite(d)) {
          g.writeNumber(d);
        } else {
          g.writeNull();
        }
      }
      case BOOLEAN -> g.writeBoolean(Cells.asBoolean(v));
      default -> g.writeString(Cells.asText(v));
    }
  }
}
