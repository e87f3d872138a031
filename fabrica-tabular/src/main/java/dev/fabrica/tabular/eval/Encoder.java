package dev.fabrica.tabular.eval;

import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows to feature vectors for the classifiers, fitted on a real table: numerical and datetime
 * columns standardized by the real mean and standard deviation (missing: 0, the mean), categorical
 * and boolean ones one-hot over the real categories (an unseen one: all zeros). Ids, free text and
 * the excluded column (a target) are left out.
 */
final class Encoder {
  private final List<Integer> columns = new ArrayList<>();
  private final List<ColumnMeta> metas = new ArrayList<>();
  private final List<double[]> scale = new ArrayList<>(); // {mean, sd} or null
  private final List<Map<String, Integer>> levels = new ArrayList<>();
  private int width;

  Encoder(Table real, Metadata meta, int exclude) {
    for (int c = 0; c < meta.columns().size(); c++) {
      ColumnMeta m = meta.columns().get(c);
      if (c == exclude || m.kind() == ColumnKind.ID || m.kind() == ColumnKind.TEXT) {
        continue;
      }
      columns.add(c);
      metas.add(m);
      if (m.kind() == ColumnKind.NUMERICAL || m.kind() == ColumnKind.DATETIME) {
        double s = 0;
        double ss = 0;
        int n = 0;
        for (Object[] r : real.rows()) {
          Double x = Values.number(r[c], m);
          if (x != null) {
            s += x;
            ss += x * x;
            n++;
          }
        }
        double mean = n == 0 ? 0 : s / n;
        double sd = n == 0 ? 1 : Math.sqrt(Math.max(0, ss / n - mean * mean));
        scale.add(new double[] {mean, sd > 0 ? sd : 1});
        levels.add(null);
        width++;
      } else {
        Map<String, Integer> lv = new LinkedHashMap<>();
        for (Object[] r : real.rows()) {
          lv.putIfAbsent(Values.key(r[c]), lv.size());
        }
        scale.add(null);
        levels.add(lv);
        width += lv.size();
      }
    }
  }

  int width() {
    return width;
  }

  double[] encode(Object[] row) {
    double[] x = new double[width];
    int at = 0;
    for (int j = 0; j < columns.size(); j++) {
      Object cell = row[columns.get(j)];
      if (scale.get(j) != null) {
        Double v = Values.number(cell, metas.get(j));
        x[at++] = v == null ? 0 : (v - scale.get(j)[0]) / scale.get(j)[1];
      } else {
        Integer k = levels.get(j).get(Values.key(cell));
        if (k != null) {
          x[at + k] = 1;
        }
        at += levels.get(j).size();
      }
    }
    return x;
  }

  double[][] encode(List<Object[]> rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encode(rows.get(i));
    }
    return out;
  }
}
