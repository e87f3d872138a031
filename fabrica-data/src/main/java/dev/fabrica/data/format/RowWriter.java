package dev.fabrica.data.format;

import dev.fabrica.data.table.Dataset;
import java.io.IOException;
import java.nio.file.Path;

/** A writable format. Cells are read through {@link dev.fabrica.data.table.Cells} by column type. */
public interface RowWriter {
  /** Recipe name: {@code csv}, {@code parquet}, ... */
  String name();

  /** File extension without the dot. */
  String extension();

  /** Writes the whole dataset to {@code file} (the caller stages the directory it is in). */
  void write(Dataset data, Path file) throws IOException;
}
