package dev.fabrica.data.table;

import dev.fabrica.core.BadInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ordered columns of a table. Immutable. */
public final class Schema {
  private final List<Column> columns;
  private final Map<String, Integer> index = new HashMap<>();

  public Schema(List<Column> columns) {
    this.columns = List.copyOf(columns);
    for (int i = 0; i < this.columns.size(); i++) {
      if (index.put(this.columns.get(i).name(), i) != null) {
        throw new BadInputException("duplicate column name '" + this.columns.get(i).name() + "'");
      }
    }
  }

  /** A schema of untyped ({@link ColumnType#EMPTY}) columns, for a reader's header. */
  public static Schema ofNames(List<String> names) {
    List<Column> cols = new ArrayList<>();
    for (String n : names) {
      cols.add(new Column(n, ColumnType.EMPTY));
    }
    return new Schema(cols);
  }

  public List<Column> columns() {
    return columns;
  }

  public int size() {
    return columns.size();
  }

  public Column column(int i) {
    return columns.get(i);
  }

  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** Index of {@code name}, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  public boolean has(String name) {
    return index.containsKey(name);
  }

  /**
   * Index of {@code name}, or a {@link BadInputException} naming {@code where} (a recipe key such
   * as {@code steps[2].normalize.columns}) and the columns that do exist.
   */
  public int require(String name, String where) {
    Integer i = index.get(name);
    if (i == null) {
      throw new BadInputException(
          where + ": unknown column '" + name + "' (columns: " + String.join(", ", names()) + ")");
    }
    return i;
  }

  /** A copy with column {@code i} retyped. */
  public Schema withType(int i, ColumnType type) {
    List<Column> cols = new ArrayList<>(columns);
    cols.set(i, new Column(cols.get(i).name(), type));
    return new Schema(cols);
  }

  /** A copy with a column appended. */
  public Schema plus(Column c) {
    List<Column> cols = new ArrayList<>(columns);
    cols.add(c);
    return new Schema(cols);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.columns.equals(columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    return columns.toString();
  }
}
