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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFormatTest {
  @TempDir Path tmp;

  private static List<Row> read(InputFormat f, Path file, List<String> columns) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (RowSource s = f.open(file, Params.empty("input"))) {
      assertThat(s.columns()).containsExactlyElementsOf(columns);
      s.read(rows::add);
    }
    return rows;
  }

  @Test
  void reads_an_array_of_records_with_the_union_of_keys() throws IOException {
    Path f = new PrepFixture(tmp).write("a.json",
        "[{\"text\": \"你好\", \"n\": 1}, {\"n\": 2.5, \"extra\": true}, {\"text\": null, \"nested\": {\"k\": [1]}}]");
    List<Row> rows = read(JsonFormat.json(), f, List.of("text", "n", "extra", "nested"));
    assertThat(rows.get(0).values()).containsExactly("你好", 1L, null, null);
    assertThat(rows.get(1).values()).containsExactly(null, 2.5, true, null);
    assertThat(rows.get(2).values()).containsExactly(null, null, null, "{\"k\":[1]}");
  }

  @Test
  void reads_json_lines_with_line_numbers_and_skips_blank_lines() throws IOException {
    Path f = new PrepFixture(tmp).write("a.jsonl", "{\"a\": 1}\n\n{\"a\": 2}\n");
    List<Row> rows = read(JsonFormat.jsonl(), f, List.of("a"));
    assertThat(rows).extracting(Row::line).containsExactly(1L, 3L);
    assertThat(rows).extracting(r -> r.get(0)).containsExactly(1L, 2L);
  }

  @Test
  void a_syntax_error_names_the_line_and_column() {
    Path f = new PrepFixture(tmp).write("bad.jsonl", "{\"a\": 1}\n{\"a\": }\n");
    assertThatThrownBy(() -> read(JsonFormat.jsonl(), f, List.of("a")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("bad.jsonl line 2, column 7");
  }

  @Test
  void a_record_that_is_not_an_object_is_rejected() {
    Path f = new PrepFixture(tmp).write("arr.json", "[{\"a\": 1}, 5]");
    assertThatThrownBy(() -> read(JsonFormat.json(), f, List.of("a")))
        .hasMessageContaining("arr.json line 1")
        .hasMessageContaining("record 2 is not an object");
  }

  @Test
  void an_empty_file_is_an_error() {
    Path f = new PrepFixture(tmp).write("e.jsonl", "");
    assertThatThrownBy(() -> JsonFormat.jsonl().open(f, Params.empty("input")))
        .hasMessageContaining("e.jsonl: the file is empty");
  }
}
