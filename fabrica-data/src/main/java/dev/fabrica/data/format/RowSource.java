package dev.fabrica.data.format;

import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open input: its column names are known before reading; {@link #read} streams every row once.
 * Errors in the data are {@link dev.fabrica.core.BadInputException}s naming the file and line (and
 * column where there is one).
 */
public interface RowSource extends AutoCloseable {
  List<String> columns();

  /** Streams all rows in file order; {@link Row#line()} is the 1-based line or record number. */
  void read(Consumer<Row> sink) throws IOException;

  /** Total rows when cheaply known (for progress bars), else -1. */
  default long estimatedRows() {
    return -1;
  }

  @Override
  default void close() throws IOException {}
}
