package dev.fabrica.neural.tabular;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import dev.fabrica.tabular.transform.DataTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The {@code --where} conditions of a neural synthesizer, checked on decoded rows: a category by
 * its value, a number or datetime by its value at the column's rounding (the cell a row would
 * hold). Neither network takes a number as input, so numbers are honoured by rejection alone;
 * {@link #draw} keeps drawing until n rows match, within a bounded number of draws, and fails
 * naming the conditions and the acceptance rate it saw rather than return fewer rows.
 */
final class WhereRows {
  /** Rows drawn before a low acceptance rate is held against the conditions. */
  static final long MIN_DRAWS = 100_000;

  /** The least acceptance rate rejection works with, once MIN_DRAWS rows are drawn. */
  static final double MIN_RATE = 1e-3;

  /**
   * One condition: the column's index, the key a matching cell has ({@link Values#key}), and for a
   * column one-hot in the vector (categorical, or in a fixed combination) the matching entries.
   */
  record Condition(String column, String text, int index, String key, int[] hits, boolean numeric) {}

  private final String synthesizer;
  private final List<Condition> conditions = new ArrayList<>();
  private final String label;

  /** Checks every condition against the transformer's columns, ranges and categories. */
  WhereRows(String synthesizer, DataTransformer tr, Map<String, String> where) {
    this.synthesizer = synthesizer;
    Metadata meta = tr.metadata();
    List<String> names = meta.names();
    for (Map.Entry<String, String> w : where.entrySet()) {
      String name = w.getKey();
      String text = w.getValue();
      String at = "--where " + name + "=" + text;
      int col = names.indexOf(name);
      if (col < 0) {
        throw new BadInputException(at + ": unknown column '" + name + "' (columns: " + String.join(", ", names) + ")");
      }
      ColumnMeta m = meta.columns().get(col);
      switch (m.kind()) {
        case CATEGORICAL, BOOLEAN -> conditions.add(new Condition(name, text, col, textKey(text), tr.categoryIndexes(name, text, at), false));
        case NUMERICAL, DATETIME -> conditions.add(numeric(tr, m, name, text, col, at));
        default -> throw new BadInputException(at + ": '" + name + "' is " + m.kind().id() + ", which sampling cannot be conditioned on");
      }
    }
    label = where.entrySet().stream().map(e -> "--where " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private Condition numeric(DataTransformer tr, ColumnMeta m, String name, String text, int col, String at) {
    Double x = Values.number(text, m);
    if (x == null || !Double.isFinite(x)) {
      throw new BadInputException(at + ": '" + text + "' is not "
          + (m.kind() == ColumnKind.DATETIME ? "a datetime in the format " + m.format() : "a number"));
    }
    Object cell = Values.cell(x, m); // what a row holds: decoded values are rounded as the column was
    double[] range = tr.range(name);
    if (range == null) { // one-hot tuples of a fixed combination: the value must be one of them
      return new Condition(name, text, col, Values.key(cell), tr.categoryIndexes(name, text, at), true);
    }
    double v = Values.number(cell, m);
    if (v < range[0] || v > range[1]) { // decoded values are clipped to the training range
      throw new BadInputException(at + ": outside the range seen in training (" + Values.cell(range[0], m)
          + " to " + Values.cell(range[1], m) + "), which the " + synthesizer + " never leaves");
    }
    return new Condition(name, text, col, Values.key(cell), null, true);
  }

  boolean isEmpty() {
    return conditions.isEmpty();
  }

  List<Condition> conditions() {
    return conditions;
  }

  /** Whether a decoded row meets every condition. */
  boolean test(Object[] row) {
    for (Condition c : conditions) {
      if (!Values.key(row[c.index()]).equals(c.key())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Draws {@code n} matching rows from rounds of {@code chunk} generated rows, in order. Gives up
   * with an error once at least {@link #MIN_DRAWS} rows are drawn and fewer than {@link #MIN_RATE}
   * of them match, so n rows cost at most max(MIN_DRAWS, n / MIN_RATE) draws and a chunk.
   */
  List<Object[]> draw(int n, int chunk, IntFunction<List<Object[]>> generate) {
    List<Object[]> out = new ArrayList<>(n);
    long drawn = 0;
    long matched = 0;
    while (out.size() < n) {
      for (Object[] row : generate.apply(chunk)) {
        drawn++;
        if (test(row)) {
          matched++;
          if (out.size() < n) {
            out.add(row);
          }
        }
      }
      if (out.size() < n && drawn >= MIN_DRAWS && matched < MIN_RATE * drawn) {
        throw tooRare(drawn, matched);
      }
    }
    return out;
  }

  private BadInputException tooRare(long drawn, long matched) {
    boolean numbers = conditions.stream().anyMatch(Condition::numeric);
    return new BadInputException(String.format(Locale.ROOT,
        "%s: only %,d of %,d rows the %s drew match, an acceptance rate of %s, below the %s that sampling by rejection needs."
            + " Loosen the condition%s",
        label, matched, drawn, synthesizer, percent((double) matched / drawn), percent(MIN_RATE),
        numbers ? " (a number must come out exactly, at the column's rounding), or sample a copula run, which fixes numbers exactly" : ""));
  }

  private static String percent(double rate) {
    return rate == 0 ? "0%" : String.format(Locale.ROOT, "%.2g%%", 100 * rate);
  }

  /** The key a --where text matches a category by: numbers by value, the rest by text. */
  private static String textKey(String text) {
    try {
      return Values.key(Double.parseDouble(text.strip()));
    } catch (NumberFormatException e) {
      return Values.key(text);
    }
  }
}
