package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import dev.fabrica.data.table.TypeTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written in parts, concatenated in order, is the file written in one piece: for every cut of its rows. */
class WriterPartsTest {
  @TempDir Path tmp;

  private static final Schema SCHEMA = TypeTracker.schemaOf(List.of("id", "text", "x", "ok"),
      new ColumnType[] {ColumnType.INTEGER, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.BOOLEAN});

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    String[] texts = {"plain", "a, b", "two\nlines", "say \"hi\"", "今天 👍🏽", "tab\there"};
    for (int i = 0; i < 7; i++) {
      rows.add(new Row(new Object[] {(long) i, i == 3 ? null : texts[i % texts.length], i * 0.5, i % 2 == 0}, i + 2));
    }
    return rows;
  }

  private byte[] whole(RowWriter w, List<Row> rows) throws IOException {
    Path f = tmp.resolve("whole." + w.extension());
    try (RowWriter.Sink s = w.open(SCHEMA, f)) {
      for (Row r : rows) {
        s.accept(r);
      }
    }
    return Files.readAllBytes(f);
  }

  /** Rows cut into parts after each row in {@code cuts}, each part holding rows. */
  private byte[] inParts(RowWriter w, List<Row> rows, int[] cuts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int from = 0;
    for (int k = 0; k <= cuts.length; k++) {
      int to = k < cuts.length ? cuts[k] : rows.size();
      Path part = tmp.resolve("part-" + k);
      try (RowWriter.Sink s = w.openPart(SCHEMA, part, k == 0, k == cuts.length)) {
        for (Row r : rows.subList(from, to)) {
          s.accept(r);
        }
      }
      all.writeBytes(Files.readAllBytes(part));
      from = to;
    }
    return all.toByteArray();
  }

  @Test
  void parts_concatenated_are_the_whole_file_in_csv_json_and_jsonl() throws IOException {
    List<Row> rows = rows();
    int[][] cuts = {{}, {1}, {6}, {3}, {1, 4}, {1, 2, 3, 4, 5, 6}};
    for (RowWriter w : List.of(new CsvWriter(), JsonWriter.json(), JsonWriter.jsonl())) {
      assertThat(w.parts()).isTrue();
      byte[] expected = whole(w, rows);
      for (int[] c : cuts) {
        assertThat(new String(inParts(w, rows, c), java.nio.charset.StandardCharsets.UTF_8))
            .as("%s cut at %s", w.name(), java.util.Arrays.toString(c))
            .isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
      }
      assertThat(inParts(w, List.of(), new int[] {})).as(w.name() + " without rows").isEqualTo(whole(w, List.of()));
    }
  }
}
