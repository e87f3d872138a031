package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonSplitsTest {
  @TempDir Path tmp;

  private static String describe(Row r) {
    StringBuilder b = new StringBuilder().append(r.line()).append(':');
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      b.append(v == null ? "null" : v.getClass().getSimpleName() + "[" + v + "]").append('|');
    }
    return b.toString();
  }

  /** The columns, then every row, as the whole-file reader gives them. */
  private static List<String> whole(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (RowSource s = JsonFormat.jsonl().open(file, Params.empty("input"))) {
      out.add(s.columns().toString());
      s.read(r -> out.add(describe(r)));
    }
    return out;
  }

  /** The same from ranges of {@code bytes}: keys merged in range order, then each range's rows; null when not splittable. */
  private static List<String> inRanges(Path file, long bytes) throws IOException {
    JsonFormat jsonl = JsonFormat.jsonl();
    long[] bounds = CsvSplits.bounds(0, Files.size(file), bytes);
    List<JsonSplits.Scan> scans = new ArrayList<>();
    for (int k = 0; k + 1 < bounds.length; k++) {
      scans.add(JsonSplits.scan(file, bounds[k], bounds[k + 1]));
    }
    List<JsonSplits.Range> ranges = JsonSplits.ranges(bounds, scans);
    if (ranges == null) {
      return null;
    }
    Set<String> keys = new LinkedHashSet<>();
    for (JsonSplits.Range r : ranges) {
      keys.addAll(jsonl.keysInRange(file, r));
    }
    List<String> columns = List.copyOf(keys);
    List<String> out = new ArrayList<>();
    out.add(columns.toString());
    for (JsonSplits.Range r : ranges) {
      try (RowSource s = jsonl.openRange(file, Params.empty("input"), columns, r)) {
        s.read(row -> out.add(describe(row)));
      }
    }
    return out;
  }

  private static byte[] randomJsonl(Random rnd, int records) {
    String[] keys = {"id", "text", "x", "nested", "flag", "今天"};
    String[] values = {"1", "-2.5", "\"plain\"", "\"{not} [a] \\\"record\\\"\"", "\"back\\\\slash\\\\\"", "null", "true",
        "{\"a\": {\"b\": [1, {\"c\": \"}\"}]}}", "[]", "[{\"x\": 1}, {}]", "\"emoji 👍🏽\"", "\"\\u007b\"", "12345678901234567890"};
    String[] gaps = {"", " ", "\n  ", "\r\n", "\t"};
    String[] ends = {"\n", "\n", "\r\n", "\r", "\n\n", " \n"};
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < records; r++) {
      b.append('{');
      int n = rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        b.append(i == 0 ? "" : ",").append(gaps[rnd.nextInt(gaps.length)]).append('"').append(keys[rnd.nextInt(keys.length)])
            .append("\":").append(gaps[rnd.nextInt(gaps.length)]).append(values[rnd.nextInt(values.length)]);
      }
      b.append(gaps[rnd.nextInt(gaps.length)]).append('}');
      if (r < records - 1 || rnd.nextBoolean()) {
        b.append(ends[rnd.nextInt(ends.length)]);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (rnd.nextInt(4) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void ranges_of_any_size_find_the_columns_and_rows_of_the_whole_file() throws IOException {
    Random rnd = new Random(5);
    int checked = 0;
    for (int f = 0; f < 60; f++) {
      Path file = tmp.resolve("f" + f + ".jsonl");
      Files.write(file, randomJsonl(rnd, 1 + rnd.nextInt(20)));
      List<String> expected;
      try {
        expected = whole(file);
      } catch (BadInputException e) {
        continue; // records without fields only: no columns
      }
      checked++;
      for (long bytes : new long[] {1, 2, 3, 5, 8, 13, 31, 64, 1000}) {
        assertThat(inRanges(file, bytes)).as("%s in ranges of %d bytes:%n%s", file, bytes, Files.readString(file))
            .isEqualTo(expected);
      }
    }
    assertThat(checked).isGreaterThan(40);
  }

  @Test
  void broken_structure_is_left_to_the_whole_file_reader_and_stray_values_are_errors() throws IOException {
    Path open = tmp.resolve("open.jsonl");
    Files.writeString(open, "{\"a\": 1}\n{\"a\": [2}\n{\"a\": \"x\n");
    Path stray = tmp.resolve("stray.jsonl");
    Files.writeString(stray, "{\"a\": 1}\n5\n{\"a\": 2}\n");
    for (long bytes : new long[] {1, 4, 9, 100}) {
      assertThat(inRanges(open, bytes)).isNull();
      assertThatThrownBy(() -> inRanges(stray, bytes)).isInstanceOf(BadInputException.class).hasMessageContaining("not an object");
    }
  }
}
