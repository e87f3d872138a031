package dev.fabrica.data.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.data.engine.RowError;
import dev.fabrica.data.engine.Counter;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code fill_missing: {text: unknown, feature1: mean, feature2: median, label: mode}}: replaces
 * missing cells per column by a constant or a statistic of the column's present values. {@code
 * mean} and {@code median} (the middle value, or the mean of the two middle ones) need numbers;
 * {@code mode} is the most frequent value, the smallest one on ties (numerically for numbers), as
 * pandas' {@code fillna(s.mode()[0])}. A constant that reads like a strategy name is written {@code
 * {value: mean}}. When a split step comes earlier the statistics are fitted on the train split
 * only; otherwise on all rows, and the report says which.
 */
public final class FillMissingStep implements Step, java.io.Serializable {
  private enum Kind { CONSTANT, MEAN, MEDIAN, MODE }

  private final Params params;
  private final List<String> names = new ArrayList<>();
  private final List<Kind> kinds = new ArrayList<>();
  private final List<Object> constants = new ArrayList<>();
  private int[] cols;
  private boolean trainOnly;
  private Object[] values;
  private Counter[] filled;
  // fitting state
  private double[] sums;
  private long[] counts;
  private DoubleList[] numbers;
  private List<Map<String, long[]>> modeCounts;

  private FillMissingStep(Params params) {
    this.params = params;
    for (String col : params.keys()) {
      JsonNode v = params.raw(col);
      if (v.isObject() && v.has("value")) {
        v = v.get("value");
        add(col, Kind.CONSTANT, constant(v));
      } else if (v.isTextual() && List.of("mean", "median", "mode").contains(v.asText())) {
        add(col, Kind.valueOf(v.asText().toUpperCase(java.util.Locale.ROOT)), null);
      } else if (v.isValueNode() && !v.isNull()) {
        add(col, Kind.CONSTANT, constant(v));
      } else {
        throw params.error(col, "expected a value, mean, median or mode, got " + v);
      }
    }
    if (names.isEmpty()) {
      throw new dev.fabrica.core.BadInputException(params.where() + ": name at least one column and how to fill it, e.g. {text: unknown, age: median}");
    }
  }

  private void add(String col, Kind kind, Object constant) {
    names.add(col);
    kinds.add(kind);
    constants.add(constant);
  }

  private static Object constant(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.asText();
  }

  public static FillMissingStep create(Params params, StepContext context) {
    return new FillMissingStep(params);
  }

  @Override
  public String name() {
    return "fill_missing";
  }

  @Override
  public List<String> bind(Binding in) {
    cols = new int[names.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = Columns.index(names.get(i), in.columns(), params.at(names.get(i)));
    }
    trainOnly = in.splitBefore();
    int n = cols.length;
    values = new Object[n];
    filled = new Counter[n];
    for (int i = 0; i < n; i++) {
      filled[i] = new Counter();
    }
    sums = new double[n];
    counts = new long[n];
    numbers = new DoubleList[n];
    modeCounts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values[i] = constants.get(i);
      numbers[i] = kinds.get(i) == Kind.MEDIAN ? new DoubleList() : null;
      modeCounts.add(kinds.get(i) == Kind.MODE ? new HashMap<>() : null);
    }
    return in.columns();
  }

  @Override
  public boolean needsFit() {
    return kinds.stream().anyMatch(k -> k != Kind.CONSTANT);
  }

  @Override
  public void fit(Row row) {
    if (trainOnly && row.split() != Row.TRAIN) {
      return;
    }
    for (int i = 0; i < cols.length; i++) {
      Object v = row.get(cols[i]);
      if (v == null) {
        continue;
      }
      switch (kinds.get(i)) {
        case MEAN -> {
          sums[i] += number(v, i);
          counts[i]++;
        }
        case MEDIAN -> numbers[i].add(number(v, i));
        case MODE -> {
          long[] c = modeCounts.get(i).computeIfAbsent(Cells.asText(v), k -> new long[1]);
          c[0]++;
        }
        default -> { }
      }
    }
  }

  @Override
  public boolean mergesFits() {
    return true;
  }

  @Override
  public void mergeFit(Step later) {
    FillMissingStep o = (FillMissingStep) later;
    for (int i = 0; i < cols.length; i++) {
      sums[i] += o.sums[i];
      counts[i] += o.counts[i];
      if (numbers[i] != null) {
        numbers[i].addAll(o.numbers[i]);
      }
      if (modeCounts.get(i) != null) {
        Map<String, long[]> into = modeCounts.get(i);
        o.modeCounts.get(i).forEach((k, c) -> into.computeIfAbsent(k, x -> new long[1])[0] += c[0]);
      }
    }
  }

  private double number(Object v, int i) {
    try {
      return Cells.asDouble(v);
    } catch (NumberFormatException e) {
      throw new RowError("column " + names.get(i) + ": " + e.getMessage()
          + " (" + params.at(names.get(i)) + ": " + kinds.get(i).name().toLowerCase(java.util.Locale.ROOT) + " needs numbers)");
    }
  }

  @Override
  public void endFit() {
    for (int i = 0; i < cols.length; i++) {
      switch (kinds.get(i)) {
        case MEAN -> values[i] = counts[i] == 0 ? null : sums[i] / counts[i];
        case MEDIAN -> values[i] = numbers[i].median();
        case MODE -> values[i] = mode(modeCounts.get(i));
        default -> { }
      }
      if (kinds.get(i) != Kind.CONSTANT && values[i] == null) {
        throw new RowError("column " + names.get(i) + " has no values to compute a "
            + kinds.get(i).name().toLowerCase(java.util.Locale.ROOT) + " from" + (trainOnly ? " in the train split" : ""));
      }
      numbers[i] = null;
      modeCounts.set(i, null);
    }
  }

  private static Object mode(Map<String, long[]> counts) {
    String best = null;
    long bestCount = 0;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long c = e.getValue()[0];
      if (c > bestCount || (c == bestCount && smaller(e.getKey(), best))) {
        best = e.getKey();
        bestCount = c;
      }
    }
    return best;
  }

  private static boolean smaller(String a, String b) {
    if (Cells.isNumeric(a) && Cells.isNumeric(b)) {
      return Double.parseDouble(a) < Double.parseDouble(b);
    }
    return a.compareTo(b) < 0;
  }

  @Override
  public boolean parallelSafe() {
    return true;
  }

  @Override
  public boolean keepsRows() {
    return true;
  }

  @Override
  public java.util.Set<String> writes() {
    return java.util.Set.copyOf(names);
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    for (int i = 0; i < cols.length; i++) {
      if (row.get(cols[i]) == null && values[i] != null) {
        row.set(cols[i], values[i]);
        filled[i].increment();
      }
    }
    out.accept(row);
  }

  @Override
  public Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; filled != null && i < filled.length; i++) {
      m.put(names.get(i), filled[i].sum());
    }
    return m;
  }

  /** Cells filled elsewhere, by column name. */
  @Override
  public void addCounts(Map<String, Long> counts) {
    for (int i = 0; filled != null && i < filled.length; i++) {
      filled[i].add(counts.getOrDefault(names.get(i), 0L));
    }
  }

  @Override
  public Map<String, Object> report() {
    Map<String, Object> per = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("strategy", kinds.get(i).name().toLowerCase(java.util.Locale.ROOT));
      m.put("value", values == null ? null : values[i]);
      m.put("filled", filled == null ? 0L : filled[i].sum());
      per.put(names.get(i), m);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("filled", per);
    r.put("fitted_on", trainOnly ? "train split" : "all rows (no split before this step)");
    return r;
  }

  @Override
  public Map<String, Object> stats() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), values[i]);
    }
    return Map.of("fill_values", m);
  }

  /** A growable array of doubles, for medians. */
  static final class DoubleList implements java.io.Serializable {
    private double[] a = new double[1024];
    private int n;

    void add(double v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    void addAll(DoubleList o) {
      if (n + o.n > a.length) {
        a = Arrays.copyOf(a, Math.max(n + o.n, a.length * 2));
      }
      System.arraycopy(o.a, 0, a, n, o.n);
      n += o.n;
    }

    /** The middle value, or the mean of the two middle ones; found by selection, not a full sort. */
    Double median() {
      if (n == 0) {
        return null;
      }
      double upper = select(a, n, n / 2);
      if (n % 2 == 1) {
        return upper;
      }
      double lower = a[0]; // after select, a[0, n/2) holds the n/2 smallest values
      for (int i = 1; i < n / 2; i++) {
        if (Double.compare(a[i], lower) > 0) {
          lower = a[i];
        }
      }
      return (lower + upper) / 2;
    }

    /**
     * The k-th smallest of a[0, n) in {@link Double#compare} order (as {@link Arrays#sort} would
     * place it), moving smaller values before k and larger after: Hoare partitions around a median
     * of three, falling back to a sort of what is left when partitions keep coming out lopsided.
     */
    static double select(double[] a, int n, int k) {
      int lo = 0;
      int hi = n - 1;
      int budget = 2 * (64 - Long.numberOfLeadingZeros(n)) + 8;
      while (lo < hi) {
        if (budget-- == 0) {
          Arrays.sort(a, lo, hi + 1);
          return a[k];
        }
        int mid = (lo + hi) >>> 1;
        double pivot = median3(a[lo], a[mid], a[hi]);
        int i = lo;
        int j = hi;
        while (i <= j) {
          while (Double.compare(a[i], pivot) < 0) {
            i++;
          }
          while (Double.compare(a[j], pivot) > 0) {
            j--;
          }
          if (i <= j) {
            double t = a[i];
            a[i++] = a[j];
            a[j--] = t;
          }
        }
        if (k <= j) {
          hi = j;
        } else if (k >= i) {
          lo = i;
        } else {
          return a[k];
        }
      }
      return a[k];
    }

    private static double median3(double x, double y, double z) {
      if (Double.compare(x, y) > 0) {
        double t = x;
        x = y;
        y = t;
      }
      return Double.compare(y, z) <= 0 ? y : Double.compare(x, z) >= 0 ? x : z;
    }
  }
}
