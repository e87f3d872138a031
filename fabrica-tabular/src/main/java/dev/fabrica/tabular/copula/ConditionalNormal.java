package dev.fabrica.tabular.copula;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Draws z ~ N(0, R) given that some coordinates lie in unions of intervals (a category's slice of
 * the normal scores; a point is an interval of width 0). The conditioned coordinates are drawn by
 * Gibbs sampling, each from its univariate normal given the others, truncated to its intervals;
 * with a single interval-conditioned coordinate one pass is exact. The rest then follow the
 * conditional normal: z_F | z_C ~ N(R_FC R_CC⁻¹ z_C, R_FF − R_FC R_CC⁻¹ R_CF).
 */
final class ConditionalNormal {
  static final int GIBBS_SWEEPS = 20;

  private final int d;
  private final int[] cond;
  private final int[] free;
  private final List<double[]>[] intervals; // per conditioned coordinate: {lo, hi} pairs
  private final double[][] gibbsCoef; // per conditioned coordinate: regression on the other conditioned ones
  private final double[] gibbsSd;
  private final double[][] freeCoef; // (|F|, |C|)
  private final double[][] freeChol; // (|F|, |F|) lower

  /**
   * @param r the correlation matrix, (d, d)
   * @param conditions per coordinate null (free) or a list of {lo, hi} intervals of its normal score
   */
  @SuppressWarnings("unchecked")
  ConditionalNormal(double[][] r, List<List<double[]>> conditions) {
    d = r.length;
    List<Integer> c = new ArrayList<>();
    List<Integer> f = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      (conditions.get(i) == null ? f : c).add(i);
    }
    cond = c.stream().mapToInt(Integer::intValue).toArray();
    free = f.stream().mapToInt(Integer::intValue).toArray();
    intervals = new List[cond.length];
    for (int k = 0; k < cond.length; k++) {
      intervals[k] = conditions.get(cond[k]);
    }
    gibbsCoef = new double[cond.length][];
    gibbsSd = new double[cond.length];
    for (int k = 0; k < cond.length; k++) {
      int[] others = new int[cond.length - 1];
      for (int j = 0, o = 0; j < cond.length; j++) {
        if (j != k) {
          others[o++] = cond[j];
        }
      }
      double[][] coef = regression(r, new int[] {cond[k]}, others);
      double[] full = new double[cond.length];
      double var = 1;
      for (int j = 0, o = 0; j < cond.length; j++) {
        if (j != k) {
          full[j] = coef[0][o];
          var -= coef[0][o] * r[others[o]][cond[k]];
          o++;
        }
      }
      gibbsCoef[k] = full;
      gibbsSd[k] = Math.sqrt(Math.max(var, 1e-12));
    }
    freeCoef = regression(r, free, cond);
    double[][] s = new double[free.length][free.length];
    for (int a = 0; a < free.length; a++) {
      for (int b = 0; b < free.length; b++) {
        double v = r[free[a]][free[b]];
        for (int k = 0; k < cond.length; k++) {
          v -= freeCoef[a][k] * r[cond[k]][free[b]];
        }
        s[a][b] = v;
      }
    }
    freeChol = cholesky(s);
  }

  /** R_YX R_XX⁻¹, (|Y|, |X|); empty columns when X is empty. */
  private static double[][] regression(double[][] r, int[] y, int[] x) {
    double[][] out = new double[y.length][x.length];
    if (x.length == 0 || y.length == 0) {
      return out;
    }
    RealMatrix rxx = new Array2DRowRealMatrix(x.length, x.length);
    RealMatrix rxy = new Array2DRowRealMatrix(x.length, y.length);
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        rxx.setEntry(i, j, r[x[i]][x[j]] + (i == j ? 1e-9 : 0));
      }
      for (int j = 0; j < y.length; j++) {
        rxy.setEntry(i, j, r[x[i]][y[j]]);
      }
    }
    RealMatrix sol = new LUDecomposition(rxx).getSolver().solve(rxy); // (|X|, |Y|)
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < x.length; j++) {
        out[i][j] = sol.getEntry(j, i);
      }
    }
    return out;
  }

  /** The lower Cholesky factor of a symmetric PSD matrix, with a growing ridge until it exists. */
  static double[][] cholesky(double[][] s) {
    int n = s.length;
    if (n == 0) {
      return new double[0][0];
    }
    for (double ridge = 1e-10; ; ridge *= 10) {
      double[][] m = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          m[i][j] = (s[i][j] + s[j][i]) / 2 + (i == j ? ridge : 0);
        }
      }
      try {
        return new CholeskyDecomposition(new Array2DRowRealMatrix(m, false), 1e-12, 0).getL().getData();
      } catch (RuntimeException e) {
        if (ridge > 1) {
          throw new IllegalStateException("correlation matrix is not positive semidefinite", e);
        }
      }
    }
  }

  /** One draw of z, (d). */
  double[] draw(SplittableRandom rng) {
    double[] zc = new double[cond.length];
    for (int k = 0; k < cond.length; k++) {
      zc[k] = truncated(0, 1, intervals[k], rng);
    }
    int sweeps = 0;
    int intervalCoords = 0;
    for (List<double[]> iv : intervals) {
      intervalCoords += isPoint(iv) ? 0 : 1;
    }
    if (intervalCoords > 0 && cond.length > 1) {
      sweeps = intervalCoords == 1 ? 1 : GIBBS_SWEEPS;
    }
    for (int s = 0; s < sweeps; s++) {
      for (int k = 0; k < cond.length; k++) {
        if (isPoint(intervals[k])) {
          continue;
        }
        double mean = 0;
        for (int j = 0; j < cond.length; j++) {
          mean += gibbsCoef[k][j] * zc[j];
        }
        zc[k] = truncated(mean, gibbsSd[k], intervals[k], rng);
      }
    }
    double[] z = new double[d];
    for (int k = 0; k < cond.length; k++) {
      z[cond[k]] = zc[k];
    }
    double[] eps = new double[free.length];
    for (int a = 0; a < free.length; a++) {
      eps[a] = rng.nextGaussian();
    }
    for (int a = 0; a < free.length; a++) {
      double v = 0;
      for (int k = 0; k < cond.length; k++) {
        v += freeCoef[a][k] * zc[k];
      }
      for (int b = 0; b <= a; b++) {
        v += freeChol[a][b] * eps[b];
      }
      z[free[a]] = v;
    }
    return z;
  }

  private static boolean isPoint(List<double[]> iv) {
    return iv.size() == 1 && iv.get(0)[0] == iv.get(0)[1];
  }

  /** N(mean, sd²) truncated to a union of intervals: an interval by its mass, then the inverse CDF within it. */
  static double truncated(double mean, double sd, List<double[]> iv, SplittableRandom rng) {
    if (isPoint(iv)) {
      return iv.get(0)[0];
    }
    double[] lo = new double[iv.size()];
    double[] hi = new double[iv.size()];
    double total = 0;
    for (int j = 0; j < iv.size(); j++) {
      lo[j] = Normal.cdf((iv.get(j)[0] - mean) / sd);
      hi[j] = Normal.cdf((iv.get(j)[1] - mean) / sd);
      total += hi[j] - lo[j];
    }
    if (!(total > 1e-300)) {
      // far in a tail where Φ is flat: the nearest end of the nearest interval
      double best = iv.get(0)[0];
      for (double[] p : iv) {
        for (double e : p) {
          best = Math.abs(e - mean) < Math.abs(best - mean) ? e : best;
        }
      }
      return best;
    }
    double u = rng.nextDouble() * total;
    int j = 0;
    while (j < iv.size() - 1 && u > hi[j] - lo[j]) {
      u -= hi[j] - lo[j];
      j++;
    }
    double p = lo[j] + Math.min(u, hi[j] - lo[j]);
    double z = mean + sd * Normal.inverse(p);
    return Math.min(iv.get(j)[1], Math.max(iv.get(j)[0], z));
  }
}
