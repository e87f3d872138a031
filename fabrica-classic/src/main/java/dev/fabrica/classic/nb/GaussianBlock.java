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
 * log P(x_j | c) = -½ log(2π σ²) - (x_j - θ)² / (2σ²). A class that never showed a value in a
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
  private double[][] logNorm; // -½ log(2π σ²_cj), so scoring takes no logarithm

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
    for (int c = 0; c < n.length; c++) {
      for (int j = 0; j < cols.length; j++) {
        logNorm[c][j] = -0.5 * Math.log(2 * Math.PI * var[c][j]);
      }
    }
  }

  @Override
  void addDense(double[][] x, int[] y, int from, int to) {
    for (int i = 0; i < x.length; i++) {
      double[] row = x[i];
      int c = y[i];
      double[] nc = n[c];
      double[] mc = mean[c];
      double[] m2c = m2[c];
      for (int j = from; j < to; j++) {
        double d = row[cols[j]];
        nc[j]++;
        double delta = d - mc[j];
        mc[j] += delta / nc[j];
        m2c[j] += delta * (d - mc[j]);
        gn[j]++;
        double g = d - gmean[j];
        gmean[j] += g / gn[j];
        gm2[j] += g * (d - gmean[j]);
      }
    }
  }

  @Override
  void addLogLikelihoodDense(double[] x, double[] jll) {
    for (int c = 0; c < jll.length; c++) {
      double s = jll[c];
      double[] nc = n[c];
      double[] mc = mean[c];
      double[] vc = var[c];
      double[] lc = logNorm[c];
      for (int j = 0; j < cols.length; j++) {
        if (nc[j] > 0) {
          double diff = x[cols[j]] - mc[j];
          s += lc[j] - 0.5 * diff * diff / vc[j];
        }
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
          jll[c] += logNorm[c][j] - 0.5 * diff * diff / var[c][j];
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
