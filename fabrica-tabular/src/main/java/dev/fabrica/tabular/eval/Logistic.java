package dev.fabrica.tabular.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Binary logistic regression P(y=1 | x) = σ(b + w·x) with an L2 penalty (λ/2)|w|² (the intercept
 * unpenalized), fitted by Newton's method (iteratively reweighted least squares). Immutable.
 */
final class Logistic {
  private final double[] w; // intercept last

  private Logistic(double[] w) {
    this.w = w;
  }

  /**
   * @param x features, (n, d)
   * @param y labels 0/1, (n)
   */
  static Logistic fit(double[][] x, int[] y, double lambda) {
    int n = x.length;
    int d = n == 0 ? 0 : x[0].length;
    double[] w = new double[d + 1];
    for (int iter = 0; iter < 50; iter++) {
      double[] grad = new double[d + 1];
      double[][] h = new double[d + 1][d + 1];
      for (int i = 0; i < n; i++) {
        double p = sigmoid(dot(w, x[i]));
        double r = p - y[i];
        double s = Math.max(p * (1 - p), 1e-10);
        for (int a = 0; a <= d; a++) {
          double xa = a == d ? 1 : x[i][a];
          grad[a] += r * xa;
          for (int b = 0; b <= a; b++) {
            h[a][b] += s * xa * (b == d ? 1 : x[i][b]);
          }
        }
      }
      for (int a = 0; a <= d; a++) {
        for (int b = 0; b < a; b++) {
          h[b][a] = h[a][b];
        }
        if (a < d) {
          grad[a] += lambda * w[a];
          h[a][a] += lambda;
        }
        h[a][a] += 1e-9;
      }
      RealMatrix hm = new Array2DRowRealMatrix(h, false);
      double[] step = new CholeskyDecomposition(hm, 1e-14, 0).getSolver().solve(new ArrayRealVector(grad, false)).toArray();
      double max = 0;
      for (int a = 0; a <= d; a++) {
        w[a] -= step[a];
        max = Math.max(max, Math.abs(step[a]));
      }
      if (max < 1e-8) {
        break;
      }
    }
    return new Logistic(w);
  }

  /** P(y = 1 | x). */
  double predict(double[] x) {
    return sigmoid(dot(w, x));
  }

  private static double dot(double[] w, double[] x) {
    double s = w[w.length - 1];
    for (int a = 0; a < x.length; a++) {
      s += w[a] * x[a];
    }
    return s;
  }

  static double sigmoid(double t) {
    return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
  }

  /**
   * ROC AUC of scores for labels 0/1: the probability that a random positive scores above a random
   * negative, ties counting half (the Mann-Whitney U over n₁n₀).
   */
  static double auc(double[] score, int[] y) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double rankSumPos = 0;
    long pos = 0;
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1; // average rank of the tie group
      for (int k = i; k <= j; k++) {
        if (y[order[k]] == 1) {
          rankSumPos += rank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = score.length - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
