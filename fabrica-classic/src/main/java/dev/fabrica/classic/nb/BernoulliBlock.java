package dev.fabrica.classic.nb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bernoulli columns, as scikit-learn's BernoulliNB: each value becomes b = [x &gt; binarize] (or [x ≠
 * 0] when binarize is null), p_cj = (N_cj + α) / (N_c + 2α) with N_cj the rows of class c with b = 1
 * and N_c those where the column is not missing, and log P(x_j | c) = b log p_cj + (1 - b) log(1 -
 * p_cj). Samples are the binarized values, 1 with probability p_cj.
 */
final class BernoulliBlock extends Block {
  private final Double binarize;
  private final double[][] n;
  private final double[][] ones;
  private double[][] logP;
  private double[][] logQ;

  BernoulliBlock(int[] cols, int classes, Double binarize) {
    this(cols, binarize, new double[classes][cols.length], new double[classes][cols.length]);
  }

  private BernoulliBlock(int[] cols, Double binarize, double[][] n, double[][] ones) {
    super(cols);
    this.binarize = binarize;
    this.n = n;
    this.ones = ones;
  }

  private boolean bit(double v) {
    return binarize == null ? v != 0 : v > binarize;
  }

  @Override
  void add(Object[] x, int c) {
    for (int j = 0; j < cols.length; j++) {
      Object v = x[cols[j]];
      if (v != null) {
        n[c][j]++;
        if (bit((Double) v)) {
          ones[c][j]++;
        }
      }
    }
  }

  @Override
  void merge(Block later) {
    BernoulliBlock o = (BernoulliBlock) later;
    for (int c = 0; c < n.length; c++) {
      for (int j = 0; j < cols.length; j++) {
        n[c][j] += o.n[c][j];
        ones[c][j] += o.ones[c][j];
      }
    }
  }

  @Override
  void prepare(NbConfig config) {
    double a = config.alpha();
    logP = new double[n.length][cols.length];
    logQ = new double[n.length][cols.length];
    for (int c = 0; c < n.length; c++) {
      for (int j = 0; j < cols.length; j++) {
        double logDen = Math.log(n[c][j] + 2 * a);
        logP[c][j] = Math.log(ones[c][j] + a) - logDen;
        logQ[c][j] = Math.log(n[c][j] - ones[c][j] + a) - logDen;
      }
    }
  }

  @Override
  void addLogLikelihood(Object[] x, double[] jll) {
    for (int j = 0; j < cols.length; j++) {
      Object v = x[cols[j]];
      if (v == null) {
        continue;
      }
      boolean b = bit((Double) v);
      for (int c = 0; c < jll.length; c++) {
        jll[c] += b ? logP[c][j] : logQ[c][j];
      }
    }
  }

  @Override
  void sample(int c, SplittableRandom rng, Object[] out) {
    for (int j = 0; j < cols.length; j++) {
      out[cols[j]] = rng.nextDouble() < Math.exp(logP[c][j]) ? 1.0 : 0.0;
    }
  }

  @Override
  Block copy() {
    return new BernoulliBlock(cols, binarize, deepCopy(n), deepCopy(ones));
  }

  @Override
  Map<String, Object> toJson(NbTable table) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "bernoulli");
    m.put("columns", names(table));
    m.put("binarize", binarize);
    m.put("count", n);
    m.put("ones", ones);
    double[][] p = new double[n.length][cols.length];
    for (int c = 0; c < n.length; c++) {
      for (int j = 0; j < cols.length; j++) {
        p[c][j] = Math.exp(logP[c][j]);
      }
    }
    m.put("probability", p);
    return m;
  }

  static BernoulliBlock fromJson(JsonNode node, int[] cols, int classes) {
    JsonNode b = node.get("binarize");
    return new BernoulliBlock(cols, b == null || b.isNull() ? null : b.asDouble(), matrix(node.get("count")),
        matrix(node.get("ones")));
  }
}
