package dev.fabrica.neural.metrics;

import dev.fabrica.core.BadInputException;
import java.util.stream.IntStream;

/**
 * The mean and unbiased covariance of a set of feature vectors: μ = (1/n) Σ_r x_r and Σ = (1/(n−1))
 * Σ_r (x_r − μ)(x_r − μ)ᵀ, the Gaussian that FID fits to each set of Inception features (Heusel et
 * al. 2017).
 *
 * <p>Computed by the corrected two-pass algorithm (Chan, Golub and LeVeque, "Algorithms for computing
 * the sample variance", 1983): the mean first, then the centred products minus (Σ_r (x_r − μ))(Σ_r
 * (x_r − μ))ᵀ / n, which cancels the rounding error of μ. The covariance is split over threads by
 * blocks of its rows; every entry sums the samples in row order, so the result does not depend on the
 * thread count.
 *
 * @param mean μ, (d)
 * @param cov Σ, symmetric, (d, d)
 */
public record GaussianStats(double[] mean, double[][] cov) {
  /** Covariance rows per parallel task: each task reads every sample once. */
  private static final int ROWS_PER_TASK = 8;

  public GaussianStats {
    int d = mean.length;
    if (cov.length != d) {
      throw new BadInputException("cov has " + cov.length + " rows but mean has " + d + " entries");
    }
    for (int r = 0; r < d; r++) {
      if (cov[r].length != d) {
        throw new BadInputException("cov row " + r + " has " + cov[r].length + " columns, expected " + d);
      }
    }
  }

  /**
   * Fits μ and Σ to n samples of d features; the argument is not modified.
   *
   * @param features one sample per row, (n, d) with n ≥ 2
   */
  public static GaussianStats of(double[][] features) {
    int n = features.length;
    if (n < 2) {
      throw new BadInputException("need at least 2 samples for a covariance, got " + n);
    }
    int d = features[0].length;
    for (int r = 0; r < n; r++) {
      if (features[r].length != d) {
        throw new BadInputException("sample " + r + " has " + features[r].length
            + " features but sample 0 has " + d);
      }
    }
    return compute(n, d, (r, out) -> System.arraycopy(features[r], 0, out, 0, d));
  }

  /**
   * Fits μ and Σ to n samples of d features stored row-major in one flat array, as a float feature
   * tensor comes out of a network.
   *
   * @param features sample r's feature j at {@code features[r * d + j]}, (n · d)
   */
  public static GaussianStats of(float[] features, int n, int d) {
    if (n < 2) {
      throw new BadInputException("need at least 2 samples for a covariance, got " + n);
    }
    if (d < 1 || (long) n * d != features.length) {
      throw new BadInputException("features has " + features.length + " values, not n · d = " + n
          + " · " + d);
    }
    return compute(n, d, (r, out) -> {
      int base = r * d;
      for (int j = 0; j < d; j++) {
        out[j] = features[base + j];
      }
    });
  }

  /** The number of features, d. */
  public int dimension() {
    return mean.length;
  }

  /** Tr Σ, the total variance. */
  public double trace() {
    double t = 0;
    for (int i = 0; i < cov.length; i++) {
      t += cov[i][i];
    }
    return t;
  }

  /** Copies sample r into out, (d). */
  private interface Rows {
    void read(int r, double[] out);
  }

  private static GaussianStats compute(int n, int d, Rows rows) {
    double[] buf = new double[d];
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      rows.read(r, buf);
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(buf[j])) {
          throw new BadInputException("sample " + r + ", feature " + j + " is " + buf[j]
              + "; features must be finite numbers");
        }
        mean[j] += buf[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[] residual = new double[d]; // Σ_r (x_r − μ): zero but for the rounding of μ
    for (int r = 0; r < n; r++) {
      rows.read(r, buf);
      for (int j = 0; j < d; j++) {
        residual[j] += buf[j] - mean[j];
      }
    }
    double[][] cov = new double[d][d];
    int tasks = (d + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    IntStream.range(0, tasks).parallel().forEach(task -> {
      int from = task * ROWS_PER_TASK;
      int to = Math.min(d, from + ROWS_PER_TASK);
      double[] x = new double[d];
      for (int r = 0; r < n; r++) {
        rows.read(r, x);
        for (int j = from; j < d; j++) {
          x[j] -= mean[j];
        }
        for (int i = from; i < to; i++) {
          double xi = x[i];
          double[] row = cov[i];
          for (int j = i; j < d; j++) {
            row[j] += xi * x[j];
          }
        }
      }
      for (int i = from; i < to; i++) {
        for (int j = i; j < d; j++) {
          cov[i][j] = (cov[i][j] - residual[i] * residual[j] / n) / (n - 1);
        }
      }
    });
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        cov[i][j] = cov[j][i];
      }
    }
    return new GaussianStats(mean, cov);
  }
}
