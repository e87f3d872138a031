package dev.fabrica.tabular.transform;

import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;

/**
 * A one-dimensional Gaussian mixture fitted by variational Bayes (Bishop, <i>Pattern Recognition and
 * Machine Learning</i>, §10.2, with D = 1): a symmetric Dirichlet(α₀) prior on the weights, a
 * Normal-Gamma prior on each component's mean and precision (m₀ = the data mean, β₀ = 1, ν₀ = 1,
 * W₀ = 1 / the data variance). A small α₀ lets the fit switch surplus components off; components
 * whose expected weight stays below {@link #MIN_WEIGHT} are dropped, as CTGAN does.
 *
 * @param means component means E[μ_k], (K)
 * @param stds component standard deviations 1/√E[λ_k], (K)
 * @param weights expected weights E[π_k], renormalised over the kept components, (K)
 */
public record BayesianGmm(double[] means, double[] stds, double[] weights) {
  public static final double MIN_WEIGHT = 0.005;

  /**
   * Fits at most {@code components} components to {@code x} in {@code iterations} rounds of the
   * variational updates, starting from responsibilities given by the nearest of {@code
   * components} evenly spaced quantiles.
   */
  public static BayesianGmm fit(double[] x, int components, double alpha0, int iterations) {
    int n = x.length;
    double mean = Arrays.stream(x).average().orElse(0);
    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, n);
    if (n < 2 || var <= 0) {
      return new BayesianGmm(new double[] {mean}, new double[] {1e-3 * Math.max(1, Math.abs(mean))}, new double[] {1});
    }
    int k = Math.min(components, n);
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    double[] centre = new double[k];
    for (int j = 0; j < k; j++) {
      centre[j] = sorted[(int) ((j + 0.5) * n / k)];
    }
    double[][] r = new double[n][k];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        best = Math.abs(x[i] - centre[j]) < Math.abs(x[i] - centre[best]) ? j : best;
      }
      r[i][best] = 1;
    }
    double beta0 = 1;
    double nu0 = 1;
    double w0 = 1 / var;
    double m0 = mean;
    double[] alpha = new double[k];
    double[] beta = new double[k];
    double[] m = new double[k];
    double[] w = new double[k];
    double[] nu = new double[k];
    for (int it = 0; it <= iterations; it++) {
      // M-step: the variational posteriors from the responsibilities
      for (int j = 0; j < k; j++) {
        double nk = 1e-10;
        double sx = 0;
        for (int i = 0; i < n; i++) {
          nk += r[i][j];
          sx += r[i][j] * x[i];
        }
        double xbar = sx / nk;
        double sk = 0;
        for (int i = 0; i < n; i++) {
          sk += r[i][j] * (x[i] - xbar) * (x[i] - xbar);
        }
        sk /= nk;
        alpha[j] = alpha0 + nk;
        beta[j] = beta0 + nk;
        m[j] = (beta0 * m0 + nk * xbar) / beta[j];
        double winv = 1 / w0 + nk * sk + beta0 * nk / (beta0 + nk) * (xbar - m0) * (xbar - m0);
        w[j] = 1 / winv;
        nu[j] = nu0 + nk;
      }
      if (it == iterations) {
        break;
      }
      // E-step: ln ρ_ij = E[ln π_j] + ½ E[ln λ_j] − ½ ln 2π − ½ E[λ_j (x_i − μ_j)²]
      double sumAlpha = Arrays.stream(alpha).sum();
      double[] elnPi = new double[k];
      double[] elnLambda = new double[k];
      for (int j = 0; j < k; j++) {
        elnPi[j] = Gamma.digamma(alpha[j]) - Gamma.digamma(sumAlpha);
        elnLambda[j] = Gamma.digamma(nu[j] / 2) + Math.log(2) + Math.log(w[j]);
      }
      for (int i = 0; i < n; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          double d = x[i] - m[j];
          r[i][j] = elnPi[j] + 0.5 * elnLambda[j] - 0.5 * Math.log(2 * Math.PI) - 0.5 * (1 / beta[j] + nu[j] * w[j] * d * d);
          max = Math.max(max, r[i][j]);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
          r[i][j] = Math.exp(r[i][j] - max);
          s += r[i][j];
        }
        for (int j = 0; j < k; j++) {
          r[i][j] /= s;
        }
      }
    }
    double sumAlpha = Arrays.stream(alpha).sum();
    int kept = 0;
    for (int j = 0; j < k; j++) {
      kept += alpha[j] / sumAlpha >= MIN_WEIGHT ? 1 : 0;
    }
    double[] means = new double[kept];
    double[] stds = new double[kept];
    double[] weights = new double[kept];
    double total = 0;
    for (int j = 0, o = 0; j < k; j++) {
      if (alpha[j] / sumAlpha >= MIN_WEIGHT) {
        means[o] = m[j];
        stds[o] = Math.max(1 / Math.sqrt(nu[j] * w[j]), 1e-6 * Math.sqrt(var));
        weights[o] = alpha[j] / sumAlpha;
        total += weights[o];
        o++;
      }
    }
    for (int j = 0; j < kept; j++) {
      weights[j] /= total;
    }
    return new BayesianGmm(means, stds, weights);
  }

  /** The posterior probability of each component given x: π_k N(x; μ_k, σ_k²) normalised, (K). */
  public double[] responsibilities(double x) {
    double[] p = new double[means.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < p.length; k++) {
      double z = (x - means[k]) / stds[k];
      p[k] = Math.log(weights[k]) - Math.log(stds[k]) - 0.5 * z * z;
      max = Math.max(max, p[k]);
    }
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      p[k] = Math.exp(p[k] - max);
      s += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= s;
    }
    return p;
  }
}
