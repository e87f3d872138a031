package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.data.PrepFixture;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFormatTest {
  @TempDir Path tmp;

  private static List<Row> read(InputFormat f, Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (RowSource s = f.open(file, Params.empty("input"))) {
      assertThat(s.columns()).containsExactly("text");
      s.read(rows::add);
    }
    return rows;
  }

  @Test
  void one_record_per_non_blank_line() throws IOException {
    Path f = new PrepFixture(tmp).write("a.txt", "first\n\n  \nsecond 第二\n");
    List<Row> rows = read(TextFormat.lines(), f);
    assertThat(rows).extracting(r -> r.get(0)).containsExactly("first", "second 第二");
    assertThat(rows).extracting(Row::line).containsExactly(1L, 4L);
  }

  @Test
  void fortune_entries_are_split_on_percent_lines_and_lose_ansi_colours() throws IOException {
    Path f = new PrepFixture(tmp).write("tang300",
        "\u001b[32m静夜思\u001b[m\n床前明月光\n%\nsecond entry\n%\n");
    List<Row> rows = read(TextFormat.fortune(), f);
    assertThat(rows).extracting(r -> r.get(0)).containsExactly("静夜思\n床前明月光", "second entry");
    assertThat(rows).extracting(Row::line).containsExactly(1L, 4L);
  }

  @Test
  void invalid_utf8_names_the_line_and_column() {
    Path f = new PrepFixture(tmp).writeBytes("bad.txt", new byte[] {'o', 'k', '\n', 'a', 'b', (byte) 0xFF, '\n'});
    assertThatThrownBy(() -> read(TextFormat.lines(), f)).hasMessageContaining("bad.txt line 2, column 3");
  }
}
