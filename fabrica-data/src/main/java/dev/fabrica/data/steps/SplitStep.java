package dev.fabrica.data.steps;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code split: {train: 0.70, val: 0.15, test: 0.15, seed: 42, stratify: label}}: assigns each row
 * to train, val or test. Exact sizes: for n rows, the three counts are n × fraction rounded by the
 * largest-remainder method (floor each, then give the rows left over to the splits with the largest
 * fractional parts, ties to train, then val, then test), so they always sum to n; 10 rows at
 * 0.7/0.15/0.15 give 7/2/1. With {@code stratify}, this is done within each value of that column
 * (a missing value is a stratum of its own). Which rows go where is a seeded shuffle of positions
 * within each stratum, strata taken in sorted order; rows keep their input order within each split,
 * so the same input, recipe and seed give byte-identical splits on every run.
 */
public final class SplitStep implements Step, java.io.Serializable {
  private static final String[] NAMES = {"train", "val", "test"};
  private final Params params;
  private final double[] fractions = new double[3];
  private final long seed;
  private final String stratify;
  private int stratCol = -1;
  private final Map<String, Stratum> strata = new HashMap<>();

  /** Rows of one stratum: how many, then their shuffled split codes. */
  private static final class Stratum implements java.io.Serializable {
    long count;
    byte[] codes;
    int next;
  }

  private SplitStep(Params params, StepContext context) {
    this.params = params.allowOnly("train", "val", "test", "seed", "stratify");
    double sum = 0;
    double[] defaults = {0.70, 0.15, 0.15};
    for (int i = 0; i < 3; i++) {
      fractions[i] = params.number(NAMES[i], defaults[i]);
      if (fractions[i] < 0 || fractions[i] > 1 || Double.isNaN(fractions[i])) {
        throw params.error(NAMES[i], "a fraction must be between 0 and 1, got " + fractions[i]);
      }
      sum += fractions[i];
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new BadInputException(String.format(
          "%s: fractions must sum to 1, got train %s + val %s + test %s = %s", params.where(),
          num(fractions[0]), num(fractions[1]), num(fractions[2]),
          num(java.math.BigDecimal.valueOf(sum).round(new java.math.MathContext(12)).doubleValue())));
    }
    this.seed = params.integer("seed", context.seed());
    this.stratify = params.string("stratify", null);
  }

  private static String num(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  public static SplitStep create(Params params, StepContext context) {
    return new SplitStep(params, context);
  }

  @Override
  public String name() {
    return "split";
  }

  @Override
  public List<String> bind(Binding in) {
    if (stratify != null) {
      stratCol = Columns.index(stratify, in.columns(), params.at("stratify"));
    }
    return in.columns();
  }

  @Override
  public boolean needsFit() {
    return true;
  }

  /**
   * The stratum of a row: its stratify value as text ({@code ""} without stratify). The split
   * gives the r-th row (in input order) of each stratum the r-th of that stratum's shuffled codes.
   */
  public String stratum(Row row) {
    return key(row);
  }

  /** Rows per stratum the fit has seen, for engines that assign rows in parts ({@link #assign}). */
  public Map<String, Long> stratumCounts() {
    Map<String, Long> out = new HashMap<>();
    strata.forEach((k, s) -> out.put(k, s.count));
    return out;
  }

  /**
   * After {@link #endFit}: gives {@code row} the split of the {@code rank}-th row (0-based, input
   * order) of its stratum, which is what {@link #apply} gives it when rows come in input order.
   * An engine that splits the rows into ordered parts starts each part's ranks at the rows of the
   * same stratum in the parts before it.
   */
  public void assign(Row row, long rank) {
    row.setSplit(strata.get(key(row)).codes[Math.toIntExact(rank)]);
  }

  @Override
  public boolean mergesFits() {
    return true;
  }

  @Override
  public void mergeFit(Step later) {
    ((SplitStep) later).strata.forEach((k, s) -> strata.computeIfAbsent(k, x -> new Stratum()).count += s.count);
  }

  private String key(Row row) {
    if (stratCol < 0) {
      return "";
    }
    Object v = row.get(stratCol);
    return v == null ? "\u0000missing" : Cells.asText(v);
  }

  @Override
  public Set<String> fitReads() {
    return stratify == null ? Set.of() : Set.of(stratify);
  }

  @Override
  public boolean keepsRows() {
    return true;
  }

  @Override
  public Set<String> writes() {
    return Set.of(SPLIT);
  }

  @Override
  public ColumnType[] outputTypes(ColumnType[] in) {
    return in;
  }

  @Override
  public void fit(Row row) {
    strata.computeIfAbsent(key(row), k -> new Stratum()).count++;
  }

  @Override
  public void endFit() {
    SplittableRandom rng = new SplittableRandom(seed);
    for (String k : new TreeMap<>(strata).keySet()) {
      Stratum s = strata.get(k);
      if (s.count > Integer.MAX_VALUE - 8) {
        throw new BadInputException(params.where() + ": a stratum of " + s.count + " rows is more than one split step handles");
      }
      long[] sizes = sizes(s.count, fractions);
      byte[] codes = new byte[(int) s.count];
      int p = 0;
      for (byte split = 0; split < 3; split++) {
        for (long j = 0; j < sizes[split]; j++) {
          codes[p++] = split;
        }
      }
      for (int i = codes.length - 1; i > 0; i--) { // Fisher-Yates
        int j = rng.nextInt(i + 1);
        byte t = codes[i];
        codes[i] = codes[j];
        codes[j] = t;
      }
      s.codes = codes;
    }
  }

  /** Largest-remainder apportionment of n rows to the fractions; the sizes sum to n. */
  static long[] sizes(long n, double[] fractions) {
    long[] sizes = new long[fractions.length];
    double[] rem = new double[fractions.length];
    long given = 0;
    for (int i = 0; i < fractions.length; i++) {
      double exact = n * fractions[i];
      sizes[i] = (long) Math.floor(exact + 1e-9);
      rem[i] = exact - sizes[i];
      given += sizes[i];
    }
    while (given < n) {
      int best = 0;
      for (int i = 1; i < fractions.length; i++) {
        if (rem[i] > rem[best] + 1e-12) {
          best = i;
        }
      }
      sizes[best]++;
      rem[best] = -1;
      given++;
    }
    while (given > n) { // only from rounding noise
      for (int i = fractions.length - 1; i >= 0 && given > n; i--) {
        if (sizes[i] > 0) {
          sizes[i]--;
          given--;
        }
      }
    }
    return sizes;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    Stratum s = strata.get(key(row));
    row.setSplit(s.codes[s.next++]);
    out.accept(row);
  }

  @Override
  public Map<String, Object> report() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("fractions", Map.of("train", fractions[0], "val", fractions[1], "test", fractions[2]));
    r.put("seed", seed);
    if (stratify != null) {
      r.put("stratify", stratify);
    }
    List<Object> counts = new ArrayList<>();
    long[] total = new long[3];
    for (Stratum s : strata.values()) {
      long[] sz = sizes(s.count, fractions);
      for (int i = 0; i < 3; i++) {
        total[i] += sz[i];
      }
    }
    counts.add(Map.of("train", total[0], "val", total[1], "test", total[2]));
    r.put("sizes", counts.get(0));
    return r;
  }
}
