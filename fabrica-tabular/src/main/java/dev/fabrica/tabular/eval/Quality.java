package dev.fabrica.tabular.eval;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Column shapes and column-pair trends, each a score in [0, 1] where 1 is a perfect match.
 *
 * <ul>
 *   <li>KS complement (numerical, datetime): 1 − sup_x |F_real(x) − F_synth(x)|, the two-sample
 *       Kolmogorov-Smirnov statistic over present values.
 *   <li>TV complement (categorical, boolean): 1 − ½ Σ_k |p_real(k) − p_synth(k)|, missing a
 *       category of its own.
 *   <li>Correlation similarity (two numerical columns): 1 − |ρ_real − ρ_synth| / 2, Pearson's ρ
 *       over rows where both are present.
 *   <li>Contingency similarity (any other pair): 1 − ½ Σ_{a,b} |p_real(a, b) − p_synth(a, b)|,
 *       numerical columns cut into {@link #BINS} equal-width bins over the real range.
 * </ul>
 *
 * The overall quality is the mean of the column-shape mean and the pair-trend mean. Ids and free
 * text are not scored.
 */
public final class Quality {
  /** Bins of a numerical column in a contingency table. */
  public static final int BINS = 10;

  private Quality() {}

  /** A column's shape score. */
  public record Shape(String column, String metric, double score) {}

  /** A pair's trend score, with the real and synthetic correlations for numerical pairs (else NaN). */
  public record Pair(String a, String b, String metric, double score, double real, double synthetic) {}

  static boolean scored(ColumnMeta m) {
    return m.kind() != ColumnKind.ID && m.kind() != ColumnKind.TEXT;
  }

  static boolean numeric(ColumnMeta m) {
    return m.kind() == ColumnKind.NUMERICAL || m.kind() == ColumnKind.DATETIME;
  }

  public static List<Shape> shapes(Table real, Table synthetic, Metadata meta) {
    List<Shape> out = new ArrayList<>();
    for (int c = 0; c < meta.columns().size(); c++) {
      ColumnMeta m = meta.columns().get(c);
      if (!scored(m)) {
        continue;
      }
      if (numeric(m)) {
        out.add(new Shape(m.name(), "KSComplement", 1 - ks(numbers(real, c, m), numbers(synthetic, c, m))));
      } else {
        out.add(new Shape(m.name(), "TVComplement", 1 - tvd(keys(real, c), keys(synthetic, c))));
      }
    }
    return out;
  }

  public static List<Pair> pairs(Table real, Table synthetic, Metadata meta) {
    List<Pair> out = new ArrayList<>();
    List<ColumnMeta> cols = meta.columns();
    for (int a = 0; a < cols.size(); a++) {
      for (int b = a + 1; b < cols.size(); b++) {
        ColumnMeta ma = cols.get(a);
        ColumnMeta mb = cols.get(b);
        if (!scored(ma) || !scored(mb)) {
          continue;
        }
        if (numeric(ma) && numeric(mb)) {
          double r = correlation(real, a, ma, b, mb);
          double s = correlation(synthetic, a, ma, b, mb);
          out.add(new Pair(ma.name(), mb.name(), "CorrelationSimilarity", 1 - Math.abs(r - s) / 2, r, s));
        } else {
          Binner ba = new Binner(real, a, ma);
          Binner bb = new Binner(real, b, mb);
          out.add(new Pair(ma.name(), mb.name(), "ContingencySimilarity",
              1 - tvd(joint(real, ba, bb), joint(synthetic, ba, bb)), Double.NaN, Double.NaN));
        }
      }
    }
    return out;
  }

  /** The mean of the column-shape mean and the pair-trend mean (either alone when the other is empty). */
  public static double overall(List<Shape> shapes, List<Pair> pairs) {
    double s = shapes.stream().mapToDouble(Shape::score).average().orElse(Double.NaN);
    double p = pairs.stream().mapToDouble(Pair::score).average().orElse(Double.NaN);
    return Double.isNaN(p) ? s : Double.isNaN(s) ? p : (s + p) / 2;
  }

  /** The two-sample KS statistic: sup |F_a − F_b|; 0 when both are empty, 1 when only one is. */
  public static double ks(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      return a.length == b.length ? 0 : 1;
    }
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < x.length || j < y.length) {
      double v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
      while (i < x.length && x[i] == v) {
        i++;
      }
      while (j < y.length && y[j] == v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
    }
    return d;
  }

  /** Total variation distance ½ Σ |p − q| between two samples of keys. */
  public static double tvd(List<String> a, List<String> b) {
    Map<String, Double> p = new HashMap<>();
    for (String k : a) {
      p.merge(k, 1.0 / a.size(), Double::sum);
    }
    Map<String, Double> q = new HashMap<>();
    for (String k : b) {
      q.merge(k, 1.0 / b.size(), Double::sum);
    }
    Set<String> all = new HashSet<>(p.keySet());
    all.addAll(q.keySet());
    double d = 0;
    for (String k : all) {
      d += Math.abs(p.getOrDefault(k, 0.0) - q.getOrDefault(k, 0.0));
    }
    return d / 2;
  }

  static double[] numbers(Table t, int c, ColumnMeta m) {
    return t.rows().stream().map(r -> Values.number(r[c], m)).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
  }

  static List<String> keys(Table t, int c) {
    List<String> out = new ArrayList<>(t.size());
    for (Object[] r : t.rows()) {
      out.add(Values.key(r[c]));
    }
    return out;
  }

  static double correlation(Table t, int a, ColumnMeta ma, int b, ColumnMeta mb) {
    List<double[]> xy = new ArrayList<>();
    for (Object[] r : t.rows()) {
      Double x = Values.number(r[a], ma);
      Double y = Values.number(r[b], mb);
      if (x != null && y != null) {
        xy.add(new double[] {x, y});
      }
    }
    double[] x = xy.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = xy.stream().mapToDouble(p -> p[1]).toArray();
    return x.length < 2 ? 0 : dev.fabrica.tabular.copula.Stats.pearson(x, y);
  }

  private static List<String> joint(Table t, Binner a, Binner b) {
    List<String> out = new ArrayList<>(t.size());
    for (Object[] r : t.rows()) {
      out.add(a.bin(r) + "\u001f" + b.bin(r));
    }
    return out;
  }

  /** A column's cells as contingency keys: the cell's key, or its bin of the real range for numbers. */
  static final class Binner {
    private final int column;
    private final ColumnMeta meta;
    private final double lo;
    private final double hi;

    Binner(Table real, int column, ColumnMeta meta) {
      this.column = column;
      this.meta = meta;
      double[] x = numeric(meta) ? numbers(real, column, meta) : new double[0];
      this.lo = Arrays.stream(x).min().orElse(0);
      this.hi = Arrays.stream(x).max().orElse(0);
    }

    String bin(Object[] row) {
      if (!numeric(meta)) {
        return Values.key(row[column]);
      }
      Double x = Values.number(row[column], meta);
      if (x == null) {
        return "missing";
      }
      if (hi <= lo) {
        return "0";
      }
      int k = (int) Math.floor((x - lo) / (hi - lo) * BINS);
      return Integer.toString(Math.max(0, Math.min(BINS - 1, k)));
    }
  }

  /** The shapes, pairs and overall score as JSON: {@code column_shapes}, {@code column_pair_trends}, {@code overall}. */
  public static Map<String, Object> summary(List<Shape> shapes, List<Pair> pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("overall", overall(shapes, pairs));
    m.put("column_shapes", shapes.stream().mapToDouble(Shape::score).average().orElse(Double.NaN));
    m.put("column_pair_trends", pairs.stream().mapToDouble(Pair::score).average().orElse(Double.NaN));
    return m;
  }
}
