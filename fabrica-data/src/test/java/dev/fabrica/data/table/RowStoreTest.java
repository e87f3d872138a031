package dev.fabrica.data.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowStoreTest {
  @TempDir Path tmp;

  @Test
  void round_trips_every_cell_kind_and_infers_types() {
    Image img = new Image(2, 2, 1, new byte[] {0, 1, 2, (byte) 255});
    try (RowStore s = new RowStore(List.of("s", "i", "d", "b", "img", "n"), 1 << 30, tmp)) {
      s.append(new Row(new Object[] {"今天 😀", 3L, 2.5, true, img, null}, 7, Row.VAL));
      s.append(new Row(new Object[] {"x", "4", "1e3", "false", img, null}, 8, Row.TRAIN));
      s.finish();
      List<Row> rows = new ArrayList<>();
      s.forEach(rows::add);
      assertThat(rows.get(0).values()).containsExactly("今天 😀", 3L, 2.5, true, img, null);
      assertThat(rows.get(0).line()).isEqualTo(7);
      assertThat(rows.get(0).split()).isEqualTo(Row.VAL);
      assertThat(s.schema().columns()).extracting(Column::type).containsExactly(
          ColumnType.STRING, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.IMAGE, ColumnType.STRING);
      assertThat(s.size(Row.TRAIN)).isEqualTo(1);
    }
  }

  @Test
  void spills_to_disk_past_its_budget_and_reads_back_in_order() {
    try (RowStore s = new RowStore(List.of("n", "text"), 2 << 20, tmp)) {
      String pad = "汉字".repeat(200);
      for (int i = 0; i < 20_000; i++) {
        s.append(new Row(new Object[] {(long) i, pad + i}, i + 1));
      }
      s.finish();
      assertThat(s.spilled()).isTrue();
      long[] expect = {0};
      s.forEach(r -> {
        assertThat(r.get(0)).isEqualTo(expect[0]);
        assertThat(r.get(1)).isEqualTo(pad + expect[0]);
        expect[0]++;
      });
      assertThat(expect[0]).isEqualTo(20_000);
    }
  }

  @Test
  void rows_handed_out_can_be_changed_without_changing_the_store() {
    try (RowStore s = new RowStore(List.of("a"), 1 << 30, tmp)) {
      s.append(new Row(new Object[] {"x"}, 1));
      s.finish();
      s.forEach(r -> r.set(0, "changed"));
      List<Object> seen = new ArrayList<>();
      s.forEach(r -> seen.add(r.get(0)));
      assertThat(seen).containsExactly("x");
      assertThat(s.spilled()).isFalse();
    }
  }
}
