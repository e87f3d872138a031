package dev.fabrica.classic.hmm;

/** Lower Cholesky factors {@code Σ = L Lᵀ}, stored flat {@code [d*d]} row-major. */
final class Cholesky {
  private Cholesky() {}

  /** The factor of symmetric {@code m}, or null if {@code m} is not positive definite. */
  static double[] factor(double[][] m) {
    int d = m.length;
    double[] l = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = m[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i * d + k] * l[j * d + k];
        }
        if (i == j) {
          if (!(s > 0) || !Double.isFinite(s)) {
            return null;
          }
          l[i * d + i] = Math.sqrt(s);
        } else {
          l[i * d + j] = s / l[j * d + j];
        }
      }
    }
    return l;
  }

  /** {@code log det Σ = 2 Σ_i log L_ii}. */
  static double logDet(double[] l, int d) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += Math.log(l[i * d + i]);
    }
    return 2 * s;
  }

  /** {@code |L⁻¹ (x - μ)|²}, the squared Mahalanobis distance, by forward substitution into z. */
  static double mahalanobis(double[] l, int d, double[] x, int offset, double[] mu, double[] z) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      double v = x[offset + i] - mu[i];
      for (int k = 0; k < i; k++) {
        v -= l[i * d + k] * z[k];
      }
      z[i] = v / l[i * d + i];
      s += z[i] * z[i];
    }
    return s;
  }
}
