package dev.fabrica.data.table;

/**
 * Typed reads of cells. Readers keep text cells as the text they read (a CSV number stays {@code
 * "3.5"} until a step needs it as a number), so every consumer goes through these methods.
 */
public final class Cells {
  private Cells() {}

  /** The type a single non-null cell suggests. */
  public static ColumnType typeOf(Object v) {
    if (v == null) {
      return ColumnType.EMPTY;
    }
    if (v instanceof String s) {
      return typeOfText(s);
    }
    if (v instanceof Long || v instanceof Integer) {
      return ColumnType.INTEGER;
    }
    if (v instanceof Double || v instanceof Float) {
      return ColumnType.DOUBLE;
    }
    if (v instanceof Boolean) {
      return ColumnType.BOOLEAN;
    }
    if (v instanceof Image) {
      return ColumnType.IMAGE;
    }
    return ColumnType.STRING;
  }

  /**
   * The type of a text cell: INTEGER for an optional sign and digits (fitting a long), DOUBLE for a
   * decimal number with optional exponent ({@code 1.5}, {@code -.5}, {@code 2e-3}), BOOLEAN for
   * {@code true}/{@code false}, STRING otherwise. Stricter than {@link Double#parseDouble}, which
   * also takes {@code "1f"}, {@code " 1"} and {@code "Infinity"}.
   */
  public static ColumnType typeOfText(String s) {
    int n = s.length();
    if (n == 0) {
      return ColumnType.STRING;
    }
    int i = 0;
    char c0 = s.charAt(0);
    if (c0 == '-' || c0 == '+') {
      i++;
    }
    int intDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      intDigits++;
    }
    if (i == n) {
      if (intDigits == 0) {
        return ColumnType.STRING;
      }
      return intDigits <= 18 ? ColumnType.INTEGER : ColumnType.DOUBLE;
    }
    int fracDigits = 0;
    if (s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        fracDigits++;
      }
    }
    if (intDigits + fracDigits == 0) {
      return "true".equals(s) || "false".equals(s) ? ColumnType.BOOLEAN : ColumnType.STRING;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return ColumnType.STRING;
      }
    }
    return i == n ? ColumnType.DOUBLE : ColumnType.STRING;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** True when the cell is a number or numeric text. */
  public static boolean isNumeric(Object v) {
    return typeOf(v).numeric();
  }

  /**
   * The cell as a double.
   *
   * @throws NumberFormatException when it is not numeric; callers add the file, line and column
   */
  public static double asDouble(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && typeOfText(s).numeric()) {
      return Double.parseDouble(s);
    }
    throw new NumberFormatException("'" + preview(v) + "' is not a number");
  }

  /** The cell as a long; a double with no fraction is accepted. */
  public static long asLong(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof String s && typeOfText(s) == ColumnType.INTEGER) {
      return Long.parseLong(s.charAt(0) == '+' ? s.substring(1) : s);
    }
    double d = asDouble(v);
    if (d != Math.rint(d)) {
      throw new NumberFormatException("'" + preview(v) + "' is not an integer");
    }
    return (long) d;
  }

  /** The cell as a boolean ({@code true}/{@code false} text or a Boolean). */
  public static boolean asBoolean(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if ("true".equals(v)) {
      return true;
    }
    if ("false".equals(v)) {
      return false;
    }
    throw new IllegalArgumentException("'" + preview(v) + "' is not a boolean");
  }

  /** Text of a cell as written to CSV: numbers in Java's shortest round-trip form, null as "". */
  public static String asText(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Double d) {
      return formatDouble(d);
    }
    return v.toString();
  }

  /** A double as text: integral values keep a ".0" (as pandas writes floats), others round-trip. */
  public static String formatDouble(double d) {
    return Double.toString(d);
  }

  /** At most 40 characters of a cell, for error messages. */
  public static String preview(Object v) {
    String s = String.valueOf(v);
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
