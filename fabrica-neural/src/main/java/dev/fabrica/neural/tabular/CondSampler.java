package dev.fabrica.neural.tabular;

import dev.fabrica.tabular.transform.DataTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CTGAN's conditional vector and training-by-sampling: a row's condition picks one categorical
 * column uniformly, then one of its categories with probability ∝ log(1 + count) (so rare
 * categories are seen often enough), and the real row paired with it is drawn among the rows of
 * that category. The conditional vector is the one-hot of that category over all categorical
 * columns' categories. For sampling, conditions follow the true frequencies instead.
 */
final class CondSampler {
  private final List<DataTransformer.Segment> discrete;
  private final int width; // of the conditional vector
  private final int[] offset; // of each categorical column in it
  private final List<double[]> logCum = new ArrayList<>();
  private final List<double[]> freqCum = new ArrayList<>();
  private final List<List<int[]>> rowsOf = new ArrayList<>(); // column → category → rows

  /**
   * @param data transformed rows (rows, rowWidth), row-major
   */
  CondSampler(DataTransformer tr, float[] data, int rows, int rowWidth) {
    this(tr);
    for (DataTransformer.Segment s : discrete) {
      List<List<Integer>> byCat = new ArrayList<>();
      for (int k = 0; k < s.size(); k++) {
        byCat.add(new ArrayList<>());
      }
      for (int i = 0; i < rows; i++) {
        for (int k = 0; k < s.size(); k++) {
          if (data[i * rowWidth + s.start() + k] == 1f) {
            byCat.get(k).add(i);
            break;
          }
        }
      }
      double[] lc = new double[s.size()];
      double ls = 0;
      for (int k = 0; k < s.size(); k++) {
        ls += Math.log1p(byCat.get(k).size());
        lc[k] = ls;
      }
      for (int k = 0; k < s.size(); k++) {
        lc[k] /= ls;
      }
      logCum.add(lc);
      rowsOf.add(byCat.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList());
    }
  }

  /** A sampler for generation only: conditions by the transformer's category frequencies. */
  static CondSampler fromFrequencies(DataTransformer tr) {
    return new CondSampler(tr);
  }

  private CondSampler(DataTransformer tr) {
    discrete = tr.discreteSegments();
    offset = new int[discrete.size()];
    int w = 0;
    for (int j = 0; j < discrete.size(); j++) {
      offset[j] = w;
      w += discrete.get(j).size();
    }
    width = w;
    for (double[] f : tr.discreteFrequencies()) {
      double[] fc = new double[f.length];
      double acc = 0;
      for (int q = 0; q < f.length; q++) {
        acc += f[q];
        fc[q] = acc;
      }
      for (int q = 0; q < f.length; q++) {
        fc[q] /= acc;
      }
      freqCum.add(fc);
    }
  }

  /** Width of the conditional vector (0 without categorical columns). */
  int width() {
    return width;
  }

  int columns() {
    return discrete.size();
  }

  DataTransformer.Segment segment(int column) {
    return discrete.get(column);
  }

  int offset(int column) {
    return offset[column];
  }

  /** One training condition: (column, category, a real row of that category). */
  int[] train(SplittableRandom rng, int rows) {
    if (discrete.isEmpty()) {
      return new int[] {-1, -1, rng.nextInt(rows)};
    }
    int j = rng.nextInt(discrete.size());
    int k = pick(logCum.get(j), rng);
    int[] rs = rowsOf.get(j).get(k);
    return new int[] {j, k, rs[rng.nextInt(rs.length)]};
  }

  /** One sampling condition by the true frequencies: (column, category). */
  int[] original(SplittableRandom rng) {
    if (discrete.isEmpty()) {
      return new int[] {-1, -1};
    }
    int j = rng.nextInt(discrete.size());
    return new int[] {j, pick(freqCum.get(j), rng)};
  }

  private static int pick(double[] cum, SplittableRandom rng) {
    double u = rng.nextDouble();
    int k = 0;
    while (k < cum.length - 1 && u > cum[k]) {
      k++;
    }
    return k;
  }
}
