package dev.fabrica.data.table;

/**
 * The type of a column, inferred from its non-missing values. A cell of a numeric column may hold a
 * {@link Long}/{@link Double} or the numeric text it was read as; use {@link Cells} to read it.
 */
public enum ColumnType {
  /** Only missing values seen so far. */
  EMPTY,
  BOOLEAN,
  INTEGER,
  DOUBLE,
  STRING,
  /** An {@link Image} cell. */
  IMAGE;

  /** The narrowest type holding values of both types. */
  public ColumnType widen(ColumnType other) {
    if (this == other || other == EMPTY) {
      return this;
    }
    if (this == EMPTY) {
      return other;
    }
    if ((this == INTEGER && other == DOUBLE) || (this == DOUBLE && other == INTEGER)) {
      return DOUBLE;
    }
    return STRING;
  }

  public boolean numeric() {
    return this == INTEGER || this == DOUBLE;
  }

  /** Lower-case name used in stats.json. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
