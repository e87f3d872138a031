package dev.fabrica.data.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.RowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFormatTest {
  @TempDir Path tmp;
  private final ParquetFormat parquet = new ParquetFormat();

  @Test
  void round_trips_numbers_text_booleans_and_missing_values() throws Exception {
    Object[][] rows = {
      {1L, 2.5, true, "plain"},
      {-7L, null, false, "今天天气不错！👨‍👩‍👧 ❤️"},
      {null, -0.125, null, null},
      {Long.MAX_VALUE, 1e300, true, "it's \"quoted\", with\nnewline"},
    };
    RowStore data = Tables.of(tmp, List.of("id", "score", "ok", "text"), rows);
    Path file = tmp.resolve("it's a \"dir\"").resolve("out.parquet");
    Files.createDirectories(file.getParent());

    parquet.write(data, file);

    assertThat(Tables.read(parquet, file)).isEqualTo(Tables.lists(rows));
    try (RowSource src = parquet.open(file, dev.fabrica.data.recipe.Params.empty("t"))) {
      assertThat(src.columns()).containsExactly("id", "score", "ok", "text");
    }
  }

  @Test
  void reads_numeric_text_cells_as_numbers_by_column_type() throws Exception {
    RowStore data = Tables.of(tmp, List.of("x", "y"), new Object[] {"3", "3.5"}, new Object[] {"4", "1"});
    Path file = tmp.resolve("t.parquet");

    parquet.write(data, file);

    assertThat(Tables.read(parquet, file)).isEqualTo(Tables.lists(new Object[] {3L, 3.5}, new Object[] {4L, 1.0}));
  }

  @Test
  void reads_a_directory_of_parts_as_one_file_in_name_order_numbering_records_on() throws Exception {
    Path dir = tmp.resolve("train.parquet");
    Files.createDirectories(dir);
    // written out of order: the name orders the parts, as Spark names them by partition
    parquet.write(Tables.of(tmp, List.of("x", "t"), new Object[] {3L, "c"}), dir.resolve("part-00001-a.snappy.parquet"));
    parquet.write(Tables.of(tmp, List.of("x", "t"), new Object[] {1L, "a"}, new Object[] {2L, null}), dir.resolve("part-00000-b.snappy.parquet"));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve(".part-00000-b.snappy.parquet.crc"), "not data");
    assertThat(Formats.inferInput(dir, "t")).isEqualTo("parquet");
    assertThat(Tables.read(parquet, dir)).isEqualTo(Tables.lists(new Object[] {1L, "a"}, new Object[] {2L, null}, new Object[] {3L, "c"}));
    List<Long> lines = new java.util.ArrayList<>();
    try (RowSource src = parquet.open(dir, dev.fabrica.data.recipe.Params.empty("t"))) {
      src.read(r -> lines.add(r.line()));
    }
    assertThat(lines).containsExactly(1L, 2L, 3L);
    Path empty = Files.createDirectories(tmp.resolve("empty.parquet"));
    assertThatThrownBy(() -> parquet.open(empty, dev.fabrica.data.recipe.Params.empty("t")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no .parquet files");
  }

  @Test
  void numbers_records_from_one() throws Exception {
    Path file = tmp.resolve("t.parquet");
    parquet.write(Tables.of(tmp, List.of("x"), new Object[] {1L}, new Object[] {2L}), file);
    List<Long> lines = new java.util.ArrayList<>();
    try (RowSource src = parquet.open(file, dev.fabrica.data.recipe.Params.empty("t"))) {
      src.read(r -> lines.add(r.line()));
    }
    assertThat(lines).containsExactly(1L, 2L);
  }

  @Test
  void rejects_a_file_that_is_not_parquet_naming_it() throws Exception {
    Path file = tmp.resolve("fake.parquet");
    Files.writeString(file, "a,b\n1,2\n");

    assertThatThrownBy(() -> Tables.read(parquet, file))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("Parquet");
  }

  @Test
  void refuses_image_columns_and_points_to_idx() {
    RowStore data = Tables.of(tmp, List.of("image"), new Object[] {new Image(1, 1, 1, new byte[] {5})});

    assertThatThrownBy(() -> parquet.write(data, tmp.resolve("x.parquet")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("image")
        .hasMessageContaining("idx");
  }

  @Test
  void is_registered_for_input_and_output() {
    assertThat(Formats.input("parquet", "t")).isInstanceOf(ParquetFormat.class);
    assertThat(Formats.output("parquet", "t").extension()).isEqualTo("parquet");
  }
}
