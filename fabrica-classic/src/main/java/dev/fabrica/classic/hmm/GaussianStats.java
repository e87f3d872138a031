package dev.fabrica.classic.hmm;

/**
 * Posterior-weighted sums for Gaussian M-steps: {@code w_j = Σ γ_t(j)}, {@code Σ γ_t(j) x_t} and
 * {@code Σ γ_t(j) x_t x_tᵀ} (only its diagonal for diag and spherical covariances).
 */
final class GaussianStats implements Emission.Accumulator {
  final double[] weight;
  private final double[] sx; // [N*d]
  private final double[] sxx; // [N*d*d] when full, else [N*d]
  private final int n;
  private final int d;
  private final boolean full;

  GaussianStats(int n, int d, boolean full) {
    this.n = n;
    this.d = d;
    this.full = full;
    this.weight = new double[n];
    this.sx = new double[n * d];
    this.sxx = new double[full ? n * d * d : n * d];
  }

  @Override
  public void add(double[] obs, int length, double[] gamma) {
    for (int t = 0; t < length; t++) {
      int x = t * d;
      for (int j = 0; j < n; j++) {
        double w = gamma[t * n + j];
        if (w == 0) {
          continue;
        }
        weight[j] += w;
        for (int f = 0; f < d; f++) {
          double wx = w * obs[x + f];
          sx[j * d + f] += wx;
          if (full) {
            int row = (j * d + f) * d;
            for (int g = 0; g < d; g++) {
              sxx[row + g] += wx * obs[x + g];
            }
          } else {
            sxx[j * d + f] += wx * obs[x + f];
          }
        }
      }
    }
  }

  @Override
  public void merge(Emission.Accumulator other) {
    GaussianStats o = (GaussianStats) other;
    for (int j = 0; j < n; j++) {
      weight[j] += o.weight[j];
    }
    for (int i = 0; i < sx.length; i++) {
      sx[i] += o.sx[i];
    }
    for (int i = 0; i < sxx.length; i++) {
      sxx[i] += o.sxx[i];
    }
  }

  /** {@code Σ γ x / Σ γ} of state j. */
  double[] mean(int j) {
    double[] mu = new double[d];
    for (int f = 0; f < d; f++) {
      mu[f] = sx[j * d + f] / weight[j];
    }
    return mu;
  }

  /** Second moment about the mean, {@code E[x xᵀ] - μ μᵀ}, entry (f, g) of state j. */
  private double centred(int j, int f, int g, double[] mu) {
    double second = full ? sxx[(j * d + f) * d + g] : sxx[j * d + f];
    return second / weight[j] - mu[f] * mu[g];
  }

  /** The covariance of state j for the given type, plus minCovar on the diagonal. */
  double[][] covariance(int j, double[] mu, double minCovar, CovarianceType type) {
    double[][] c = new double[d][d];
    if (type == CovarianceType.FULL) {
      for (int f = 0; f < d; f++) {
        for (int g = 0; g <= f; g++) {
          c[f][g] = centred(j, f, g, mu);
          c[g][f] = c[f][g];
        }
      }
    } else {
      double mean = 0;
      for (int f = 0; f < d; f++) {
        c[f][f] = Math.max(0, centred(j, f, f, mu));
        mean += c[f][f] / d;
      }
      if (type == CovarianceType.SPHERICAL) {
        for (int f = 0; f < d; f++) {
          c[f][f] = mean;
        }
      }
    }
    for (int f = 0; f < d; f++) {
      c[f][f] += minCovar;
    }
    return c;
  }

  /** {@code Σ_j (Σ_t γ_t(j) x xᵀ - w_j μ_j μ_jᵀ) / Σ_j w_j + minCovar I}, or the fallback if no weight. */
  double[][] pooledCovariance(double[][] mu, double minCovar, double[][] fallback) {
    double total = 0;
    double[][] c = new double[d][d];
    for (int j = 0; j < n; j++) {
      if (weight[j] <= 0) {
        continue;
      }
      total += weight[j];
      for (int f = 0; f < d; f++) {
        for (int g = 0; g < d; g++) {
          c[f][g] += weight[j] * centred(j, f, g, mu[j]);
        }
      }
    }
    if (!(total > 0)) {
      return fallback;
    }
    for (int f = 0; f < d; f++) {
      for (int g = 0; g < f; g++) {
        double v = (c[f][g] + c[g][f]) / (2 * total);
        c[f][g] = v;
        c[g][f] = v;
      }
      c[f][f] = c[f][f] / total + minCovar;
    }
    return c;
  }
}
