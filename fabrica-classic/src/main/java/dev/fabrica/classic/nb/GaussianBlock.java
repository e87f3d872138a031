package dev.fabrica.classic.nb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gaussian columns: x_j | y=c ~ N(θ_cj, σ²_cj + ε) with θ, σ² the class mean and population variance
 * of the column (missing cells skipped) and ε = varSmoothing · max_j Var(x_j), the largest variance
 * of any of the block's columns over all rows, as scikit-learn's GaussianNB. Means and variances
 * are accumulated with Welford's update, so adding rows later gives the same sums as one pass.
 * log P(x_j | c) = -½ log(2π σ²) - (x_j - θ)² · (1 / (2σ²)), both factors computed once per class and column. A class that never showed a value in a
 * column (all its cells missing) is not scored on that column and samples it as missing.
 */
final class GaussianBlock extends Block {
  private final double[][] n;
  private final double[][] mean;
  private final double[][] m2;
  private final double[] gn;
  private final double[] gmean;
  private final double[] gm2;
  private double epsilon;
  private double[][] var;
  private double[][] logNorm; // -½ log(2π σ²_cj) and 1 / (2σ²_cj): scoring takes no logarithm nor division
  private double[][] halfInv;
  private double[] meanT; // (columns, classes) copies for the dense path; an unscored class adds 0
  private double[] halfInvT;
  private double[] logNormT;

  GaussianBlock(int[] cols, int classes) {
    this(cols, new double[classes][cols.length], new double[classes][cols.length], new double[classes][cols.length],
        new double[cols.length], new double[cols.length], new double[cols.length]);
  }

  private GaussianBlock(int[] cols, double[][] n, double[][] mean, double[][] m2, double[] gn, double[] gmean,
      double[] gm2) {
    super(cols);
    this.n = n;
    this.mean = mean;
    this.m2 = m2;
    this.gn = gn;
    this.gmean = gmean;
    this.gm2 = gm2;
  }

  @Override
  void add(Object[] x, int c) {
    for (int j = 0; j < cols.length; j++) {
      Object v = x[cols[j]];
      if (v == null) {
        continue;
      }
      double d = (Double) v;
      n[c][j]++;
      double delta = d - mean[c][j];
      mean[c][j] += delta / n[c][j];
      m2[c][j] += delta * (d - mean[c][j]);
      gn[j]++;
      double g = d - gmean[j];
      gmean[j] += g / gn[j];
      gm2[j] += g * (d - gmean[j]);
    }
  }

  @Override
  void merge(Block later) {
    GaussianBlock o = (GaussianBlock) later;
    for (int c = 0; c < n.length; c++) {
      for (int j = 0; j < cols.length; j++) {
        mergeMoments(n[c], mean[c], m2[c], j, o.n[c][j], o.mean[c][j], o.m2[c][j]);
      }
    }
    for (int j = 0; j < cols.length; j++) {
      mergeMoments(gn, gmean, gm2, j, o.gn[j], o.gmean[j], o.gm2[j]);
    }
  }

  @Override
  void prepare(NbConfig config) {
    double maxVar = 0;
    for (int j = 0; j < cols.length; j++) {
      if (gn[j] > 0) {
        maxVar = Math.max(maxVar, gm2[j] / gn[j]);
      }
    }
    epsilon = config.varSmoothing() * maxVar;
    var = new double[n.length][cols.length];
    for (int c = 0; c < n.length; c++) {
      for (int j = 0; j < cols.length; j++) {
        var[c][j] = n[c][j] > 0 ? m2[c][j] / n[c][j] + epsilon : Double.NaN;
      }
    }
    logNorm = new double[n.length][cols.length];
    halfInv = new double[n.length][cols.length];
    for (int c = 0; c < n.length; c++) {
      for (int j = 0; j < cols.length; j++) {
        logNorm[c][j] = -0.5 * Math.log(2 * Math.PI * var[c][j]);
        halfInv[c][j] = 0.5 / var[c][j];
      }
    }
    int k = n.length;
    meanT = new double[cols.length * k];
    halfInvT = new double[cols.length * k];
    logNormT = new double[cols.length * k];
    for (int j = 0; j < cols.length; j++) {
      for (int c = 0; c < k; c++) {
        boolean scored = n[c][j] > 0;
        meanT[j * k + c] = scored ? mean[c][j] : 0;
        halfInvT[j * k + c] = scored ? halfInv[c][j] : 0;
        logNormT[j * k + c] = scored ? logNorm[c][j] : 0;
      }
    }
  }

  @Override
  boolean addDense(double[][] x, int[] y, int from, int to, long[] hash) {
    // the statistics of columns [from, to) are updated in arrays of this call's own and copied back
    // at the end: threads on neighbouring column ranges writing the shared per-class rows shared
    // their cache lines, which made two threads four times slower than one on some machines
    int w = to - from;
    int k = n.length;
    double[][] ln = new double[k][];
    double[][] lmean = new double[k][];
    double[][] lm2 = new double[k][];
    for (int c = 0; c < k; c++) {
      ln[c] = java.util.Arrays.copyOfRange(n[c], from, to);
      lmean[c] = java.util.Arrays.copyOfRange(mean[c], from, to);
      lm2[c] = java.util.Arrays.copyOfRange(m2[c], from, to);
    }
    double[] lgn = java.util.Arrays.copyOfRange(gn, from, to);
    double[] lgmean = java.util.Arrays.copyOfRange(gmean, from, to);
    double[] lgm2 = java.util.Arrays.copyOfRange(gm2, from, to);
    int[] at = new int[w];
    for (int j = 0; j < w; j++) {
      at[j] = cols[from + j];
    }
    long[] h = new long[w];
    boolean valid = true;
    for (int i = 0; i < x.length; i++) {
      double[] row = x[i];
      int c = y[i];
      double[] nc = ln[c];
      double[] mc = lmean[c];
      double[] m2c = lm2[c];
      for (int j = 0; j < w; j++) {
        double d = row[at[j]];
        valid &= d - d == 0; // false for NaN and the infinities
        h[j] = h[j] * 31 + Double.doubleToRawLongBits(d);
        nc[j]++;
        double delta = d - mc[j];
        mc[j] += delta / nc[j];
        m2c[j] += delta * (d - mc[j]);
        lgn[j]++;
        double g = d - lgmean[j];
        lgmean[j] += g / lgn[j];
        lgm2[j] += g * (d - lgmean[j]);
      }
    }
    for (int c = 0; c < k; c++) {
      System.arraycopy(ln[c], 0, n[c], from, w);
      System.arraycopy(lmean[c], 0, mean[c], from, w);
      System.arraycopy(lm2[c], 0, m2[c], from, w);
    }
    System.arraycopy(lgn, 0, gn, from, w);
    System.arraycopy(lgmean, 0, gmean, from, w);
    System.arraycopy(lgm2, 0, gm2, from, w);
    for (int j = 0; j < w; j++) {
      hash[at[j]] = h[j];
    }
    return valid;
  }

  @Override
  void addLogLikelihoodDense(double[] x, double[] jll) {
    int k = jll.length;
    // four classes at a time in locals over (columns, classes) tables: independent sums that stay in
    // registers, each class still adding its terms in column order, as the boxed path does
    int c = 0;
    for (; c + 4 <= k; c += 4) {
      double s0 = jll[c], s1 = jll[c + 1], s2 = jll[c + 2], s3 = jll[c + 3];
      for (int j = 0, at = c; j < cols.length; j++, at += k) {
        double d = x[cols[j]];
        double d0 = d - meanT[at], d1 = d - meanT[at + 1], d2 = d - meanT[at + 2], d3 = d - meanT[at + 3];
        s0 += logNormT[at] - d0 * d0 * halfInvT[at];
        s1 += logNormT[at + 1] - d1 * d1 * halfInvT[at + 1];
        s2 += logNormT[at + 2] - d2 * d2 * halfInvT[at + 2];
        s3 += logNormT[at + 3] - d3 * d3 * halfInvT[at + 3];
      }
      jll[c] = s0;
      jll[c + 1] = s1;
      jll[c + 2] = s2;
      jll[c + 3] = s3;
    }
    for (; c < k; c++) {
      double s = jll[c];
      for (int j = 0, at = c; j < cols.length; j++, at += k) {
        double diff = x[cols[j]] - meanT[at];
        s += logNormT[at] - diff * diff * halfInvT[at];
      }
      jll[c] = s;
    }
  }

  @Override
  void addLogLikelihood(Object[] x, double[] jll) {
    for (int j = 0; j < cols.length; j++) {
      Object v = x[cols[j]];
      if (v == null) {
        continue;
      }
      double d = (Double) v;
      for (int c = 0; c < jll.length; c++) {
        if (n[c][j] > 0) { // a class that never showed this column is not scored on it
          double diff = d - mean[c][j];
          jll[c] += logNorm[c][j] - diff * diff * halfInv[c][j];
        }
      }
    }
  }

  @Override
  void sample(int c, SplittableRandom rng, Object[] out) {
    for (int j = 0; j < cols.length; j++) {
      out[cols[j]] = n[c][j] > 0 ? mean[c][j] + Math.sqrt(var[c][j]) * rng.nextGaussian() : null;
    }
  }

  /** Class means θ, (classes, columns). */
  double[][] theta() {
    return deepCopy(mean);
  }

  /** Smoothed class variances σ² + ε, (classes, columns). */
  double[][] variance() {
    return deepCopy(var);
  }

  double epsilon() {
    return epsilon;
  }

  @Override
  Block copy() {
    return new GaussianBlock(cols, deepCopy(n), deepCopy(mean), deepCopy(m2), gn.clone(), gmean.clone(), gm2.clone());
  }

  @Override
  Map<String, Object> toJson(NbTable table) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "gaussian");
    m.put("columns", names(table));
    m.put("count", n);
    m.put("mean", mean);
    m.put("m2", m2);
    m.put("all_count", gn);
    m.put("all_mean", gmean);
    m.put("all_m2", gm2);
    m.put("epsilon", epsilon);
    double[][] shown = deepCopy(var);
    for (double[] row : shown) {
      for (int j = 0; j < row.length; j++) {
        row[j] = Double.isNaN(row[j]) ? 0 : row[j];
      }
    }
    m.put("var", shown);
    return m;
  }

  static GaussianBlock fromJson(JsonNode node, int[] cols, int classes) {
    return new GaussianBlock(cols, matrix(node.get("count")), matrix(node.get("mean")), matrix(node.get("m2")),
        vector(node.get("all_count")), vector(node.get("all_mean")), vector(node.get("all_m2")));
  }
}
