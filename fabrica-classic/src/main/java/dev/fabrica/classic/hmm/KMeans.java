package dev.fabrica.classic.hmm;

import java.util.SplittableRandom;

/** k-means++ seeding then Lloyd iterations, on at most 20,000 evenly strided observations. */
final class KMeans {
  private static final int MAX_POINTS = 20_000;

  private KMeans() {}

  /** All observations of all sequences, flat {@code [count × dim]}, strided down to MAX_POINTS. */
  static double[] points(Sequences data) {
    int d = data.dim();
    long total = data.totalSteps();
    long stride = Math.max(1, (total + MAX_POINTS - 1) / MAX_POINTS);
    double[] out = new double[(int) ((total + stride - 1) / stride) * d];
    long index = 0;
    int count = 0;
    for (int i = 0; i < data.size(); i++) {
      double[] raw = data.raw(i);
      for (int t = 0; t < data.length(i); t++, index++) {
        if (index % stride == 0) {
          System.arraycopy(raw, t * d, out, count * d, d);
          count++;
        }
      }
    }
    return out;
  }

  /** {@code k} centres {@code [k][dim]} of the flat points, seeded. */
  static double[][] centers(double[] points, int dim, int k, long seed) {
    int m = points.length / dim;
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] c = new double[k][];
    c[0] = row(points, rng.nextInt(m), dim);
    double[] dist = new double[m];
    java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
    for (int j = 1; j < k; j++) {
      double sum = 0;
      for (int p = 0; p < m; p++) {
        dist[p] = Math.min(dist[p], sq(points, p, c[j - 1], dim));
        sum += dist[p];
      }
      int pick = rng.nextInt(m);
      if (sum > 0) {
        double u = rng.nextDouble() * sum;
        for (int p = 0; p < m; p++) {
          u -= dist[p];
          if (u < 0) {
            pick = p;
            break;
          }
        }
      }
      c[j] = row(points, pick, dim);
    }
    int[] assign = new int[m];
    for (int iter = 0; iter < 100; iter++) {
      boolean changed = iter == 0;
      for (int p = 0; p < m; p++) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          double dd = sq(points, p, c[j], dim);
          if (dd < bestD) {
            bestD = dd;
            best = j;
          }
        }
        changed |= assign[p] != best;
        assign[p] = best;
      }
      if (!changed) {
        break;
      }
      double[][] sum = new double[k][dim];
      int[] count = new int[k];
      for (int p = 0; p < m; p++) {
        count[assign[p]]++;
        for (int f = 0; f < dim; f++) {
          sum[assign[p]][f] += points[p * dim + f];
        }
      }
      for (int j = 0; j < k; j++) {
        if (count[j] > 0) { // an empty cluster keeps its centre
          for (int f = 0; f < dim; f++) {
            c[j][f] = sum[j][f] / count[j];
          }
        }
      }
    }
    return c;
  }

  static double[] row(double[] points, int p, int dim) {
    return java.util.Arrays.copyOfRange(points, p * dim, (p + 1) * dim);
  }

  private static double sq(double[] points, int p, double[] c, int dim) {
    double s = 0;
    for (int f = 0; f < dim; f++) {
      double diff = points[p * dim + f] - c[f];
      s += diff * diff;
    }
    return s;
  }

  /** Per-feature variance of the flat points. */
  static double[] variance(double[] points, int dim) {
    double[][] cov = covariance(points, dim);
    double[] v = new double[dim];
    for (int f = 0; f < dim; f++) {
      v[f] = cov[f][f];
    }
    return v;
  }

  /** Covariance matrix of the flat points. */
  static double[][] covariance(double[] points, int dim) {
    int m = points.length / dim;
    double[] mean = new double[dim];
    for (int p = 0; p < m; p++) {
      for (int f = 0; f < dim; f++) {
        mean[f] += points[p * dim + f] / m;
      }
    }
    double[][] cov = new double[dim][dim];
    for (int p = 0; p < m; p++) {
      for (int f = 0; f < dim; f++) {
        for (int g = 0; g < dim; g++) {
          cov[f][g] += (points[p * dim + f] - mean[f]) * (points[p * dim + g] - mean[g]) / m;
        }
      }
    }
    return cov;
  }
}
