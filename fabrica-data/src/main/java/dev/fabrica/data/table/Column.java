package dev.fabrica.data.table;

/** A named, typed column. */
public record Column(String name, ColumnType type) {
  public Column {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a column needs a non-empty name");
    }
  }
}
