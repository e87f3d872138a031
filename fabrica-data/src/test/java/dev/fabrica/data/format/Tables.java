package dev.fabrica.data.format;

import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.RowStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small tables for format tests: build a typed dataset from literal rows, read a file back. */
final class Tables {
  private Tables() {}

  /** A finished store holding {@code rows} (each an array of cells) under {@code names}. */
  static RowStore of(Path tmp, List<String> names, Object[]... rows) {
    RowStore store = new RowStore(names, 1 << 24, tmp);
    long line = 1;
    for (Object[] r : rows) {
      store.append(new Row(r.clone(), line++));
    }
    return store.finish();
  }

  /** Every row of {@code path} in {@code format}, as lists of cells. */
  static List<List<Object>> read(InputFormat format, Path path, Params options) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    try (RowSource src = format.open(path, options)) {
      src.read(r -> out.add(Arrays.asList(r.values().clone())));
    }
    return out;
  }

  static List<List<Object>> read(InputFormat format, Path path) throws IOException {
    return read(format, path, Params.empty("test"));
  }

  /** The rows as lists, for comparisons. */
  static List<List<Object>> lists(Object[]... rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Arrays.asList(r));
    }
    return out;
  }
}
