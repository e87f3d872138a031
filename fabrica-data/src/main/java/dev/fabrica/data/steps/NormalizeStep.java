package dev.fabrica.data.steps;

import dev.fabrica.data.engine.RowError;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.stats.Scaler;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code normalize: {columns: [feature1, feature2], method: standard}} or {@code {method: minmax,
 * range: [0, 1]}}: rescales numeric columns with a {@link Scaler} fitted on the train split (all
 * rows, with a warning in the report, when no split came before), applied to every split. Missing
 * values are ignored when fitting and stay missing. The scalers go to stats.json.
 */
public final class NormalizeStep implements Step, java.io.Serializable {
  private final Params params;
  private final List<String> names;
  private final String method;
  private final double low;
  private final double high;
  private int[] cols;
  private boolean trainOnly;
  // Welford accumulators / min-max per column
  private long[] n;
  private double[] mean;
  private double[] m2;
  private double[] min;
  private double[] max;
  private Scaler[] scalers;

  private NormalizeStep(Params params) {
    this.params = params.allowOnly("columns", "method", "range");
    this.names = params.strings("columns", List.of());
    if (names.isEmpty()) {
      throw params.error("columns", "list the numeric columns to normalize");
    }
    this.method = params.choice("method", "standard", "standard", "minmax");
    double[] range = params.numbers("range", new double[] {0, 1});
    if (range.length != 2 || !(range[0] < range[1])) {
      throw params.error("range", "expected [low, high] with low < high");
    }
    if (method.equals("standard") && params.has("range")) {
      throw params.error("range", "only minmax takes a range");
    }
    this.low = range[0];
    this.high = range[1];
  }

  public static NormalizeStep create(Params params, StepContext context) {
    return new NormalizeStep(params);
  }

  @Override
  public String name() {
    return "normalize";
  }

  @Override
  public List<String> bind(Binding in) {
    cols = Columns.indexes(names, in.columns(), params.at("columns"));
    trainOnly = in.splitBefore();
    int k = cols.length;
    n = new long[k];
    mean = new double[k];
    m2 = new double[k];
    min = new double[k];
    max = new double[k];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    return in.columns();
  }

  @Override
  public boolean needsFit() {
    return true;
  }

  private double value(Row row, int i) {
    Object v = row.get(cols[i]);
    try {
      return Cells.asDouble(v);
    } catch (NumberFormatException e) {
      throw new RowError("column " + names.get(i) + ": " + e.getMessage() + " (" + params.at("columns") + " must be numeric)");
    }
  }

  @Override
  public void fit(Row row) {
    boolean use = !trainOnly || row.split() == Row.TRAIN;
    for (int i = 0; i < cols.length; i++) {
      if (row.get(cols[i]) == null) {
        continue;
      }
      double x = value(row, i); // checks every split, so a bad value fails early wherever it is
      if (!use) {
        continue;
      }
      n[i]++;
      double d = x - mean[i];
      mean[i] += d / n[i];
      m2[i] += d * (x - mean[i]);
      min[i] = Math.min(min[i], x);
      max[i] = Math.max(max[i], x);
    }
  }

  @Override
  public boolean mergesFits() {
    return true;
  }

  /** Chan, Golub and LeVeque's pairwise combination of the two parts' counts, means and M2. */
  @Override
  public void mergeFit(Step later) {
    NormalizeStep o = (NormalizeStep) later;
    for (int i = 0; i < cols.length; i++) {
      if (o.n[i] == 0) {
        continue;
      }
      if (n[i] == 0) {
        n[i] = o.n[i];
        mean[i] = o.mean[i];
        m2[i] = o.m2[i];
        min[i] = o.min[i];
        max[i] = o.max[i];
        continue;
      }
      long total = n[i] + o.n[i];
      double d = o.mean[i] - mean[i];
      mean[i] += d * o.n[i] / total;
      m2[i] += o.m2[i] + d * d * ((double) n[i] * o.n[i] / total);
      n[i] = total;
      min[i] = Math.min(min[i], o.min[i]);
      max[i] = Math.max(max[i], o.max[i]);
    }
  }

  @Override
  public void endFit() {
    scalers = new Scaler[cols.length];
    for (int i = 0; i < cols.length; i++) {
      if (n[i] == 0) {
        throw new RowError("column " + names.get(i) + " has no values to fit a scaler on" + (trainOnly ? " in the train split" : ""));
      }
      scalers[i] = method.equals("standard")
          ? Scaler.standard(mean[i], Math.sqrt(m2[i] / n[i]))
          : Scaler.minMax(min[i], max[i], low, high);
    }
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

  /** Every value of a normalized column becomes a double (the fit has checked that each is a number). */
  @Override
  public ColumnType[] outputTypes(ColumnType[] in) {
    ColumnType[] out = in.clone();
    for (int c : cols) {
      if (out[c] != ColumnType.EMPTY) {
        out[c] = ColumnType.DOUBLE;
      }
    }
    return out;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    for (int i = 0; i < cols.length; i++) {
      if (row.get(cols[i]) != null) {
        row.set(cols[i], scalers[i].transform(value(row, i)));
      }
    }
    out.accept(row);
  }

  private Map<String, Object> scalerMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), scalers == null ? null : scalers[i].toMap());
    }
    return m;
  }

  @Override
  public Map<String, Object> report() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("method", method);
    r.put("fitted_on", trainOnly ? "train split" : "all rows (no split before this step)");
    r.put("scalers", scalerMap());
    return r;
  }

  @Override
  public Map<String, Object> stats() {
    return Map.of("scalers", scalerMap());
  }
}
