package dev.fabrica.data.table;

import java.util.function.Consumer;

/** A typed table that can be read any number of times, in the same order each time. */
public interface Dataset {
  Schema schema();

  /** Number of rows. */
  long size();

  /** Reads every row in order. Rows handed out are fresh objects the consumer may keep. */
  void forEach(Consumer<? super Row> consumer);
}
