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

  /**
   * The number a text stands for, when writing that number back ({@link #asText}) gives the very
   * same text: {@code "42"} is 42L and {@code "3.5"} is 3.5, but {@code "007"}, {@code "+1"},
   * {@code "3.50"} and {@code "1e5"} stay text, so output of an untouched column is byte-faithful.
   */
  public static Object canonicalNumber(String s) {
    int n = s.length();
    if (n == 0 || n > 26) {
      return s;
    }
    char c0 = s.charAt(0);
    if (c0 != '-' && (c0 < '0' || c0 > '9')) {
      return s;
    }
    ColumnType t = typeOfText(s);
    if (t == ColumnType.INTEGER) {
      int start = c0 == '-' ? 1 : 0;
      if ((n - start > 1 && s.charAt(start) == '0') || s.equals("-0")) {
        return s;
      }
      return Long.parseLong(s);
    }
    if (t == ColumnType.DOUBLE) {
      double d = com.fasterxml.jackson.core.io.NumberInput.parseDouble(s, true);
      return plainShortest(s) || formatDouble(d).equals(s) ? (Object) d : s;
    }
    return s;
  }

  /**
   * True when {@code s} is certainly the text {@link #formatDouble} gives for its value, without
   * formatting: a plain decimal {@code -?(0|[1-9]\d{0,6})\.\d+} in [0.001, 1e7), no trailing zero
   * after the point (but {@code x.0}) and at most 15 significant digits. Any decimal of 15 digits or
   * fewer reads back from its double unchanged, so it is that double's shortest text.
   */
  static boolean plainShortest(String s) {
    int n = s.length();
    int i = s.charAt(0) == '-' ? 1 : 0;
    int intStart = i;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    int intLen = i - intStart;
    if (intLen == 0 || intLen > 7 || i >= n || s.charAt(i) != '.' || (intLen > 1 && s.charAt(intStart) == '0')) {
      return false;
    }
    int fracStart = ++i;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    int fracLen = i - fracStart;
    if (i != n || fracLen == 0) {
      return false;
    }
    boolean zeroFrac = fracLen == 1 && s.charAt(fracStart) == '0';
    if (!zeroFrac && s.charAt(n - 1) == '0') {
      return false; // 3.50: trailing zero
    }
    int significant;
    if (intLen == 1 && s.charAt(intStart) == '0') {
      if (zeroFrac) {
        return true; // 0.0
      }
      int lead = 0;
      while (s.charAt(fracStart + lead) == '0') {
        lead++;
      }
      if (lead > 2) {
        return false; // below 0.001 Java writes 1.0E-4
      }
      significant = fracLen - lead;
    } else {
      significant = intLen + (zeroFrac ? 0 : fracLen);
    }
    return significant <= 15;
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
      return com.fasterxml.jackson.core.io.NumberInput.parseDouble(s, true);
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

  /**
   * A double as the shortest text that reads back to it, in {@link Double#toString}'s layout
   * ({@code 1.0}, {@code 0.001}, {@code 1.0E-4}). Uses Jackson's Schubfach writer: about 3x faster
   * than Java 17's {@code Double.toString}, which also sometimes gives a digit too many.
   */
  public static String formatDouble(double d) {
    return com.fasterxml.jackson.core.io.NumberOutput.toString(d, true);
  }

  /** At most 40 characters of a cell, for error messages. */
  public static String preview(Object v) {
    String s = String.valueOf(v);
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
