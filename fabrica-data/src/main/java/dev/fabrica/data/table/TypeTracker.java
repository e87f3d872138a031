package dev.fabrica.data.table;

import java.util.ArrayList;
import java.util.List;

/** Infers each column's type from the rows it sees; serializable, and merged by {@link #merge}. */
public final class TypeTracker implements java.io.Serializable {
  private final List<String> names;
  private ColumnType[] types;

  public TypeTracker(List<String> names) {
    this.names = List.copyOf(names);
    this.types = new ColumnType[names.size()];
    java.util.Arrays.fill(types, ColumnType.EMPTY);
  }

  public void accept(Row row) {
    int n = Math.min(row.size(), types.length);
    for (int i = 0; i < n; i++) {
      Object v = row.get(i);
      if (v != null && types[i] != ColumnType.STRING) {
        types[i] = types[i].widen(Cells.typeOf(v));
      }
    }
  }

  /** Widens these types by those {@code other} saw (over other rows of the same columns): the order does not matter. */
  public void merge(TypeTracker other) {
    for (int i = 0; i < types.length; i++) {
      types[i] = types[i].widen(other.types[i]);
    }
  }

  /** The types seen so far, {@link ColumnType#EMPTY} where no value was. */
  public ColumnType[] types() {
    return types.clone();
  }

  /** The schema inferred so far; a column with only missing values is typed STRING. */
  public Schema schema() {
    return schemaOf(names, types);
  }

  /** A schema of these names and types, where a column with only missing values is typed STRING. */
  public static Schema schemaOf(List<String> names, ColumnType[] types) {
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      cols.add(new Column(names.get(i), types[i] == ColumnType.EMPTY ? ColumnType.STRING : types[i]));
    }
    return new Schema(cols);
  }

}
