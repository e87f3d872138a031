package dev.fabrica.tabular;

import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Datetimes;

/** Cells to numbers and back, by a column's metadata: the one place that knows rounding and formats. */
public final class Values {
  private Values() {}

  /** A numerical or datetime cell's number, or null when missing or unreadable. */
  public static Double number(Object cell, ColumnMeta m) {
    return dev.fabrica.tabular.constraint.Constraint.value(cell, m);
  }

  /** A number as a cell of column {@code m}: rounded to its decimals (a Long when integer), or a datetime text. */
  public static Object cell(double x, ColumnMeta m) {
    if (m.kind() == ColumnKind.DATETIME) {
      return Datetimes.format(x, m.format());
    }
    if (m.integer()) {
      return Math.round(x);
    }
    double scale = Math.pow(10, m.decimals());
    return Math.round(x * scale) / scale;
  }

  /**
   * Adds to {@code seen} the non-missing cells at position {@code j} of {@code tuples} that it does
   * not hold yet, in order: one per value and type (the categories a column's samples take).
   */
  public static void addDistinct(java.util.Map<String, Object> seen, java.util.List<Object[]> tuples, int j) {
    for (Object[] tuple : tuples) {
      if (tuple[j] != null) {
        seen.putIfAbsent(key(tuple[j]) + "\u0000" + tuple[j].getClass().getName(), tuple[j]);
      }
    }
  }

  /** Whether two cells hold the same value: equal texts, or equal numbers (3 and 3.0). */
  public static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return TableIO.text(a).equals(TableIO.text(b));
  }

  /** A cell's key for counting and comparing: numbers by value (3 and 3.0 alike), the rest by text. */
  public static String key(Object v) {
    if (v == null) {
      return "\u0000missing";
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
    return TableIO.text(v);
  }
}
