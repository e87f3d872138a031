package dev.fabrica.data.steps;

import dev.fabrica.core.BadInputException;
import java.util.List;

/** Resolving recipe column names against a step's input columns. */
final class Columns {
  private Columns() {}

  /** Indexes of {@code names} in {@code columns}, or an error naming {@code where}. */
  static int[] indexes(List<String> names, List<String> columns, String where) {
    int[] idx = new int[names.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = index(names.get(i), columns, where);
    }
    return idx;
  }

  static int index(String name, List<String> columns, String where) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new BadInputException(
          where + ": unknown column '" + name + "' (columns: " + String.join(", ", columns) + ")");
    }
    return i;
  }

  /** 0..n-1. */
  static int[] all(int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    return idx;
  }
}
