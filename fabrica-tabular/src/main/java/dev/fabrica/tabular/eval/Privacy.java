package dev.fabrica.tabular.eval;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Distance to the closest record (DCR) and exact copies. The distance between two rows is the mean
 * over the compared columns of |x − y| / (real max − real min) for numerical and datetime columns
 * and [x ≠ y] for the others (a Gower distance in [0, 1]); ids are left out (they are numbered
 * afresh). A synthesizer that memorised its training rows puts synthetic rows closer to them than
 * unseen real rows are: compare the synthetic DCR with the held-out DCR. An exact copy is a
 * synthetic row whose compared cells all equal those of some real row.
 */
public final class Privacy {
  /** Synthetic rows whose DCR is computed (a seeded subsample beyond that); exact copies count all. */
  public static final int MAX_DCR_ROWS = 2000;

  private Privacy() {}

  public static Map<String, Object> report(Table realTrain, Table holdout, Table synthetic, Metadata meta, long seed) {
    List<Integer> cols = new ArrayList<>();
    for (int c = 0; c < meta.columns().size(); c++) {
      if (meta.columns().get(c).kind() != ColumnKind.ID) {
        cols.add(c);
      }
    }
    Set<String> real = new HashSet<>();
    for (Object[] r : realTrain.rows()) {
      real.add(rowKey(r, cols, meta));
    }
    if (holdout != null) {
      for (Object[] r : holdout.rows()) {
        real.add(rowKey(r, cols, meta));
      }
    }
    long copies = synthetic.rows().stream().filter(r -> real.contains(rowKey(r, cols, meta))).count();
    Gower g = new Gower(realTrain, meta, cols);
    List<Object[]> sample = Detection.subsample(synthetic.rows(), MAX_DCR_ROWS, new SplittableRandom(seed));
    double[] dSyn = g.closest(sample, realTrain.rows());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exact_copies", copies);
    m.put("exact_copy_share", synthetic.size() == 0 ? 0.0 : (double) copies / synthetic.size());
    m.put("dcr_synthetic_median", median(dSyn));
    m.put("dcr_synthetic_p05", quantile(dSyn, 0.05));
    if (holdout != null && holdout.size() > 0) {
      double[] dHold = g.closest(holdout.rows(), realTrain.rows());
      m.put("dcr_holdout_median", median(dHold));
      m.put("dcr_holdout_p05", quantile(dHold, 0.05));
      m.put("dcr_ratio", median(dHold) > 0 ? median(dSyn) / median(dHold) : Double.NaN);
    }
    return m;
  }

  /** A row's compared cells as one key; numbers by value, so "1.50" read as text equals 1.5. */
  private static String rowKey(Object[] r, List<Integer> cols, Metadata meta) {
    StringBuilder b = new StringBuilder();
    for (int c : cols) {
      ColumnMeta m = meta.columns().get(c);
      Object v = r[c];
      if (Quality.numeric(m) && v != null) {
        Double x = Values.number(v, m);
        v = x == null ? v : x;
      }
      b.append(Values.key(v)).append('\u001f');
    }
    return b.toString();
  }

  /** The Gower distance of the class comment, fitted on real ranges. */
  static final class Gower {
    private final List<Integer> cols;
    private final List<ColumnMeta> metas = new ArrayList<>();
    private final double[] range;

    Gower(Table real, Metadata meta, List<Integer> cols) {
      this.cols = cols;
      range = new double[cols.size()];
      for (int j = 0; j < cols.size(); j++) {
        ColumnMeta m = meta.columns().get(cols.get(j));
        metas.add(m);
        if (Quality.numeric(m)) {
          double[] x = Quality.numbers(real, cols.get(j), m);
          double r = Arrays.stream(x).max().orElse(0) - Arrays.stream(x).min().orElse(0);
          range[j] = r > 0 ? r : 1;
        }
      }
    }

    double distance(Object[] a, Object[] b) {
      double d = 0;
      for (int j = 0; j < cols.size(); j++) {
        Object x = a[cols.get(j)];
        Object y = b[cols.get(j)];
        if (range[j] > 0) {
          Double u = Values.number(x, metas.get(j));
          Double v = Values.number(y, metas.get(j));
          d += u == null || v == null ? (u == v ? 0 : 1) : Math.min(1, Math.abs(u - v) / range[j]);
        } else {
          d += Values.key(x).equals(Values.key(y)) ? 0 : 1;
        }
      }
      return cols.isEmpty() ? 0 : d / cols.size();
    }

    double[] closest(List<Object[]> rows, List<Object[]> real) {
      double[] out = new double[rows.size()];
      for (int i = 0; i < out.length; i++) {
        double best = Double.POSITIVE_INFINITY;
        for (Object[] r : real) {
          best = Math.min(best, distance(rows.get(i), r));
        }
        out[i] = best;
      }
      return out;
    }
  }

  static double median(double[] x) {
    return quantile(x, 0.5);
  }

  static double quantile(double[] x, double q) {
    if (x.length == 0) {
      return Double.NaN;
    }
    double[] s = x.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(s.length - 1, i + 1);
    return s[i] + (pos - i) * (s[j] - s[i]);
  }
}
