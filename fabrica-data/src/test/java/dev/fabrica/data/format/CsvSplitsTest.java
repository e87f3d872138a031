package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSplitsTest {
  @TempDir Path tmp;

  /** A row as text: its line and each cell with its type, so 7 and "7" differ. */
  private static String describe(Row r) {
    StringBuilder b = new StringBuilder().append(r.line()).append(':');
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      b.append(v == null ? "null" : v.getClass().getSimpleName() + "[" + v + "]").append('|');
    }
    return b.toString();
  }

  private static List<String> whole(Path file, Params options) throws IOException {
    List<String> rows = new ArrayList<>();
    try (RowSource s = CsvFormat.tsv().open(file, options)) {
      s.read(r -> rows.add(describe(r)));
    }
    return rows;
  }

  /** Read as tsv, so that the delimiter comes from the options (a comma unless they say tab) in both readers. */
  private static List<String> inRanges(Path file, Params options, long bytes) throws IOException {
    CsvFormat csv = CsvFormat.tsv();
    List<String> columns;
    try (RowSource s = csv.open(file, options)) {
      columns = s.columns();
    }
    long[] bounds = CsvSplits.bounds(CsvSplits.dataStart(file), Files.size(file), bytes);
    List<CsvSplits.Scan> scans = new ArrayList<>();
    for (int k = 0; k + 1 < bounds.length; k++) {
      scans.add(CsvSplits.scan(file, csv.delimiter(options), bounds[k], bounds[k + 1]));
    }
    List<CsvSplits.Range> ranges = CsvSplits.ranges(bounds, scans, csv.header(options));
    if (ranges == null) {
      return null;
    }
    List<String> rows = new ArrayList<>();
    for (CsvSplits.Range r : ranges) {
      try (RowSource s = csv.openRange(file, options, columns, r)) {
        s.read(row -> rows.add(describe(row)));
      }
    }
    return rows;
  }

  /** A CSV with every construct the parser knows: quotes, doubled quotes, newlines in quotes, CR, CRLF, blank lines. */
  private static byte[] randomCsv(Random rnd, int records, boolean header, char delimiter) {
    String[] fields = {"1", "2.5", "007", "", "NA", "x", "今天", "a\"b", "\"q,q\"", "\"two\nlines\"", "\"cr\r\nlf\"",
        "\"say \"\"hi\"\"\"", "\"\"", "\"lone\rcr\"", "-3", "1e5", "true", "\"\"\"\""};
    String[] ends = {"\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r"};
    StringBuilder b = new StringBuilder();
    if (header) {
      b.append("a").append(delimiter).append("b").append(delimiter).append("c\n");
    }
    for (int r = 0; r < records; r++) {
      for (int c = 0; c < 3; c++) {
        b.append(c == 0 ? "" : String.valueOf(delimiter)).append(fields[rnd.nextInt(fields.length)]);
      }
      String end = ends[rnd.nextInt(ends.length)];
      if (r < records - 1 || rnd.nextBoolean()) {
        b.append(end);
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
  void ranges_of_any_size_read_the_rows_the_whole_file_gives() throws IOException {
    Random rnd = new Random(8);
    for (int f = 0; f < 60; f++) {
      boolean header = f % 3 != 0;
      char delimiter = f % 2 == 0 ? ',' : '\t';
      Path file = tmp.resolve("f" + f + ".csv");
      Files.write(file, randomCsv(rnd, 1 + rnd.nextInt(25), header, delimiter));
      Params options = Params.of("input", Map.of("header", header, "delimiter", String.valueOf(delimiter)));
      List<String> expected = whole(file, options);
      for (long bytes : new long[] {1, 2, 3, 5, 7, 11, 16, 31, 64, 1000}) {
        assertThat(inRanges(file, options, bytes)).as("%s in ranges of %d bytes:%n%s", file, bytes, Files.readString(file))
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void a_range_inside_a_long_quoted_field_owns_no_record() throws IOException {
    Path file = tmp.resolve("long.csv");
    Files.writeString(file, "id,text\n1,\"" + "a,b\n\"\"c\"\"\n".repeat(20) + "\"\n2,x\n");
    Params options = Params.of("input", Map.of("delimiter", ","));
    assertThat(inRanges(file, options, 4)).isEqualTo(whole(file, options)).hasSize(2);
  }

  @Test
  void a_file_that_breaks_the_grammar_is_left_to_the_whole_file_reader() throws IOException {
    Path afterQuote = tmp.resolve("after.csv");
    Files.writeString(afterQuote, "a,b\n1,2\n3,\"x\"y\n4,5\n");
    Path unterminated = tmp.resolve("open.csv");
    Files.writeString(unterminated, "a,b\n1,2\n3,\"x\n4,5\n");
    Params options = Params.of("input", Map.of("delimiter", ","));
    for (long bytes : new long[] {1, 4, 9, 100}) {
      assertThat(inRanges(afterQuote, options, bytes)).isNull();
      assertThat(inRanges(unterminated, options, bytes)).isNull();
    }
  }

  @Test
  void a_range_names_a_bad_record_as_the_whole_file_reader_does() throws IOException {
    Path file = tmp.resolve("bad.csv");
    Files.writeString(file, "a,b\n1,2\n\"3\n\",4\n5,6,7\n8,9\n");
    Params options = Params.of("input", Map.of("delimiter", ","));
    assertThatThrownBy(() -> whole(file, options)).hasMessage(file + " line 5: expected 2 fields as in the header, found 3");
    for (long bytes : new long[] {1, 3, 8, 100}) {
      assertThatThrownBy(() -> inRanges(file, options, bytes)).hasMessage(file + " line 5: expected 2 fields as in the header, found 3");
    }
  }
}
