package dev.fabrica.data.format;

import dev.fabrica.data.table.Dataset;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/** A writable format. Cells are read through {@link dev.fabrica.data.table.Cells} by column type. */
public interface RowWriter {
  /** Recipe name: {@code csv}, {@code parquet}, ... */
  String name();

  /** File extension without the dot. */
  String extension();

  /** Writes the whole dataset to {@code file} (the caller stages the directory it is in). */
  default void write(Dataset data, Path file) throws IOException {
    try (Sink sink = open(data.schema(), file)) {
      data.forEach(row -> {
        try {
          sink.accept(row);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** True when {@link #open} works: the format takes rows one at a time, in one pass. */
  default boolean streams() {
    return false;
  }

  /** Opens {@code file} for rows one at a time; only for formats that {@link #streams()}. */
  default Sink open(Schema schema, Path file) throws IOException {
    throw new UnsupportedOperationException(name() + " needs the whole dataset: use write(Dataset, Path)");
  }

  /**
   * True when {@link #openPart} works: the format's file is its rows' bytes between a head and a
   * tail, so parts written apart (on several machines) and concatenated in order are the file.
   */
  default boolean parts() {
    return false;
  }

  /**
   * Opens one part of a file written in pieces; the parts, concatenated in order, are the bytes
   * {@link #open} writes for all their rows, when each part holds at least one row (or there is
   * only one part). Only for formats with {@link #parts()}.
   *
   * @param first whether this part comes first (it gets the head: a CSV header, a JSON array's {@code [})
   * @param last whether this part comes last (it gets the tail: a JSON array's {@code ]})
   */
  default Sink openPart(Schema schema, Path part, boolean first, boolean last) throws IOException {
    throw new UnsupportedOperationException(name() + " is not written in parts");
  }

  /** Fails naming the column when {@code schema} has an image column, for formats of text. */
  static void rejectImages(Schema schema, String format) {
    for (dev.fabrica.data.table.Column c : schema.columns()) {
      if (c.type() == dev.fabrica.data.table.ColumnType.IMAGE) {
        throw new dev.fabrica.core.BadInputException("output " + format + ": column '" + c.name()
            + "' holds images; write images as idx, hdf5 or tfrecord");
      }
    }
  }

  /** Rows one at a time into one file; {@link #close()} completes it. */
  interface Sink extends Closeable {
    void accept(Row row) throws IOException;
  }
}
