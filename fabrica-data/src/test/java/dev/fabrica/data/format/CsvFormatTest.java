package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.PrepFixture;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
  @TempDir Path tmp;

  private List<Row> read(Path file, Map<String, ?> options) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (RowSource s = CsvFormat.csv().open(file, Params.of("input", options))) {
      s.read(rows::add);
    }
    return rows;
  }

  @Test
  void reads_quoted_fields_with_commas_newlines_and_doubled_quotes() throws IOException {
    Path f = new PrepFixture(tmp).write("a.csv", "id,text\n1,\"a, b\"\n2,\"two\nlines\"\n3,\"say \"\"hi\"\"\"\n");
    List<Row> rows = read(f, Map.of());
    assertThat(rows).extracting(r -> r.get(1)).containsExactly("a, b", "two\nlines", "say \"hi\"");
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 5L);
  }

  @Test
  void skips_the_utf8_byte_order_mark_and_handles_crlf() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "name,v\r\n今天,1\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);
    Path f = new PrepFixture(tmp).writeBytes("bom.csv", all);
    try (RowSource s = CsvFormat.csv().open(f, Params.empty("input"))) {
      assertThat(s.columns()).containsExactly("name", "v");
      List<Row> rows = new ArrayList<>();
      s.read(rows::add);
      assertThat(rows.get(0).values()).containsExactly("今天", 1L);
    }
  }

  @Test
  void empty_fields_and_na_texts_are_missing() throws IOException {
    Path f = new PrepFixture(tmp).write("m.csv", "a,b,c\n,NA,x\n");
    assertThat(read(f, Map.of()).get(0).values()).containsExactly(null, null, "x");
  }

  @Test
  void reads_tsv_and_a_custom_delimiter() throws IOException {
    Path f = new PrepFixture(tmp).write("a.tsv", "a\tb\n1,5\t2\n");
    try (RowSource s = CsvFormat.tsv().open(f, Params.empty("input"))) {
      List<Row> rows = new ArrayList<>();
      s.read(rows::add);
      assertThat(rows.get(0).values()).containsExactly("1,5", 2L);
    }
    Path g = new PrepFixture(tmp).write("b.csv", "a;b\n1;2\n");
    assertThat(read(g, Map.of("delimiter", ";")).get(0).values()).containsExactly(1L, 2L);
  }

  @Test
  void an_unbalanced_quote_names_the_file_line_and_column() {
    Path f = new PrepFixture(tmp).write("bad.csv", "id,text\n1,ok\n2,\"never closed\n3,x\n");
    assertThatThrownBy(() -> read(f, Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("bad.csv line 3, column 3")
        .hasMessageContaining("unterminated quoted field");
  }

  @Test
  void invalid_utf8_names_the_file_line_and_column() {
    byte[] bytes = "id,text\n1,caf\u00e9\n2,ab".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = java.util.Arrays.copyOf(bytes, bytes.length + 2);
    bad[bytes.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
    bad[bytes.length + 1] = (byte) 0x28;
    Path f = new PrepFixture(tmp).writeBytes("latin.csv", bad);
    assertThatThrownBy(() -> read(f, Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("latin.csv line 3, column 5")
        .hasMessageContaining("invalid UTF-8");
  }

  @Test
  void an_empty_file_is_an_error_naming_it() {
    Path f = new PrepFixture(tmp).write("empty.csv", "");
    assertThatThrownBy(() -> read(f, Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("empty.csv")
        .hasMessageContaining("empty");
  }

  @Test
  void a_row_with_too_many_fields_names_its_line() {
    Path f = new PrepFixture(tmp).write("wide.csv", "a,b\n1,2\n3,4,5\n");
    assertThatThrownBy(() -> read(f, Map.of()))
        .hasMessageContaining("wide.csv line 3: expected 2 fields as in the header, found 3");
  }

  @Test
  void text_after_a_closing_quote_is_an_error() {
    Path f = new PrepFixture(tmp).write("q.csv", "a,b\n\"x\"y,2\n");
    assertThatThrownBy(() -> read(f, Map.of()))
        .hasMessageContaining("q.csv line 2, column 4")
        .hasMessageContaining("after a closing quote");
  }

  @Test
  void canonical_numbers_are_read_as_numbers_and_other_numeric_text_stays_text() throws IOException {
    Path f = new PrepFixture(tmp).write("n.csv", "a,b,c,d,e,f,g\n42,3.5,007,3.50,1e5,-0,+1\n");
    assertThat(read(f, Map.of()).get(0).values()).containsExactly(42L, 3.5, "007", "3.50", "1e5", "-0", "+1");
    assertThat(read(f, Map.of("numbers", false)).get(0).values()).containsExactly("42", "3.5", "007", "3.50", "1e5", "-0", "+1");
  }

  @Test
  void a_csv_round_trip_keeps_every_numeric_text_as_written() {
    PrepFixture fx = new PrepFixture(tmp);
    String csv = "a,b,c,d,e,f,g\n42,3.5,007,3.50,1e5,-0,+1\n-7,0.1,1,2,3,4,5\n";
    fx.write("n.csv", csv);
    fx.run("input: {path: n.csv}\noutput: {dir: out}\n");
    assertThat(fx.read("out/data.csv")).isEqualTo(csv);
  }
}
