package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.fabrica.data.table.Column;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fabrica's JSON writer gives, byte for byte, what Jackson's generator gives for the same records. */
class JsonWriterJacksonParityTest {
  @TempDir Path tmp;

  private static final String ALPHABET = "ab \"\\/\n\t\r\b\f\u0000\u0001\u001f\u007f é€今天😀👨‍👩‍👧❤️";

  private static String text(SplittableRandom rng) {
    StringBuilder sb = new StringBuilder();
    int n = rng.nextInt(0, 30);
    for (int i = 0; i < n; i++) {
      int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, rng.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private static byte[] jackson(Schema schema, List<Row> rows, boolean lines) throws IOException {
    JsonFactory f = JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = f.createGenerator(out, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(null);
      if (!lines) {
        g.writeRaw("[");
      }
      for (int r = 0; r < rows.size(); r++) {
        if (!lines) {
          g.writeRaw(r == 0 ? "\n" : ",\n");
        }
        g.writeStartObject();
        for (int i = 0; i < schema.size(); i++) {
          g.writeFieldName(schema.column(i).name());
          Object v = rows.get(r).get(i);
          if (v == null) {
            g.writeNull();
          } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
              g.writeNumber(d);
            } else {
              g.writeNull();
            }
          } else if (v instanceof Long l) {
            g.writeNumber(l);
          } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
          } else {
            g.writeString((String) v);
          }
        }
        g.writeEndObject();
        if (lines) {
          g.writeRaw('\n');
        }
      }
      if (!lines) {
        g.writeRaw(rows.isEmpty() ? "]\n" : "\n]\n");
      }
    }
    return out.toByteArray();
  }

  @Test
  void json_and_jsonl_match_jacksons_bytes_for_text_numbers_booleans_and_missing_values() throws IOException {
    SplittableRandom rng = new SplittableRandom(3);
    Schema schema = new Schema(List.of(new Column("id", ColumnType.INTEGER), new Column("text \"q\"", ColumnType.STRING),
        new Column("x", ColumnType.DOUBLE), new Column("ok", ColumnType.BOOLEAN)));
    List<Row> rows = new ArrayList<>();
    double[] special = {0.1, -0.0, 1e-7, 123456789.123, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY};
    for (int r = 0; r < 2000; r++) {
      Object x = rng.nextInt(4) == 0 ? special[rng.nextInt(special.length)] : rng.nextGaussian() * Math.pow(10, rng.nextInt(-12, 12));
      rows.add(new Row(new Object[] {
          rng.nextInt(10) == 0 ? null : rng.nextLong(), rng.nextInt(10) == 0 ? null : text(rng),
          rng.nextInt(10) == 0 ? null : x, rng.nextInt(10) == 0 ? null : rng.nextBoolean()}, r + 2));
    }
    for (JsonWriter w : List.of(JsonWriter.json(), JsonWriter.jsonl())) {
      for (List<Row> data : List.of(rows, List.<Row>of(), rows.subList(0, 1))) {
        Path file = tmp.resolve("out." + w.extension());
        try (RowWriter.Sink sink = w.open(schema, file)) {
          for (Row row : data) {
            sink.accept(row);
          }
        }
        assertThat(Files.readAllBytes(file)).as(w.name() + " of " + data.size() + " rows")
            .isEqualTo(jackson(schema, data, w.name().equals("jsonl")));
      }
    }
  }
}
