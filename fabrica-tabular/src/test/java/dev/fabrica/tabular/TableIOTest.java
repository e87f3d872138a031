package dev.fabrica.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableIOTest {
  @Test
  void reads_a_directory_of_parquet_parts_as_one_table_in_part_order(@TempDir Path dir) {
    Path parts = dir.resolve("train.parquet");
    List<String> names = List.of("x", "label");
    TableIO.write(new Table("b", names, List.<Object[]>of(new Object[] {3L, "c"})), parts.resolve("part-00001-x.parquet"));
    TableIO.write(new Table("a", names, List.<Object[]>of(new Object[] {1L, "a"}, new Object[] {2L, "b"})),
        parts.resolve("part-00000-x.parquet"));
    Table t = TableIO.read(parts);
    assertThat(t.names()).isEqualTo(names);
    assertThat(t.column(0)).containsExactly(1L, 2L, 3L);
    assertThatThrownBy(() -> TableIO.read(dir.resolve("none")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no such file");
  }
}
