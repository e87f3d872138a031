package dev.fabrica.neural.metrics;

import dev.fabrica.core.BadInputException;
import java.util.stream.IntStream;

/**
 * The Fréchet distance between two Gaussians, the FID of Heusel et al. 2017 ("GANs trained by a two
 * time-scale update rule converge to a local Nash equilibrium") when they are fitted to Inception
 * features: d² = ‖μ₁ − μ₂‖² + Tr Σ₁ + Tr Σ₂ − 2 Tr (Σ₁Σ₂)^{1/2}.
 *
 * <p>Σ₁Σ₂ is not symmetric, but it is similar to the symmetric positive semi-definite M = Σ₁^{1/2}
 * Σ₂ Σ₁^{1/2} (Σ₁Σ₂ = Σ₁^{1/2} M Σ₁^{-1/2} when Σ₁ is invertible, and by continuity otherwise), so
 * Tr (Σ₁Σ₂)^{1/2} = Σ_i √λ_i(M). Both square roots come from {@link SymmetricEigen}, with
 * rounding-level negative eigenvalues clamped to 0: no complex arithmetic, and singular covariances
 * (fewer samples than features) need no added ε.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /**
   * The squared Fréchet distance d² between N(μ₁, Σ₁) and N(μ₂, Σ₂); 0 for equal statistics up to
   * rounding, which may leave it a hair below 0.
   */
  public static double of(GaussianStats a, GaussianStats b) {
    int d = a.dimension();
    if (b.dimension() != d) {
      throw new BadInputException("the statistics have " + d + " and " + b.dimension()
          + " features; they must have the same");
    }
    double meanTerm = 0;
    for (int i = 0; i < d; i++) {
      double diff = a.mean()[i] - b.mean()[i];
      meanTerm += diff * diff;
    }
    return meanTerm + a.trace() + b.trace() - 2 * traceSqrtProduct(a.cov(), b.cov());
  }

  /**
   * FID between two sets of features.
   *
   * @param x one sample per row, (n₁, d)
   * @param y one sample per row, (n₂, d)
   */
  public static double of(double[][] x, double[][] y) {
    return of(GaussianStats.of(x), GaussianStats.of(y));
  }

  /**
   * Tr (S₁S₂)^{1/2} = Σ_i √λ_i(S₁^{1/2} S₂ S₁^{1/2}) for symmetric positive semi-definite S₁, S₂.
   *
   * @param s1 (d, d)
   * @param s2 (d, d)
   */
  public static double traceSqrtProduct(double[][] s1, double[][] s2) {
    if (s1.length != s2.length) {
      throw new BadInputException("the matrices are " + s1.length + " and " + s2.length
          + " wide; they must be the same");
    }
    double[][] root = SymmetricEigen.of(s1).apply(l -> Math.sqrt(Math.max(l, 0)));
    double[][] m = multiply(multiply(root, s2), root);
    symmetrise(m); // the products leave rounding-level asymmetry
    double sum = 0;
    for (double l : SymmetricEigen.valuesOf(m)) {
      sum += Math.sqrt(Math.max(l, 0));
    }
    return sum;
  }

  /**
   * a · b, (d, d), in i-k-j order so the inner loop runs along rows; rows of the result are
   * independent, so they are computed in parallel without changing any sum's order.
   */
  static double[][] multiply(double[][] a, double[][] b) {
    int d = a.length;
    double[][] out = new double[d][d];
    IntStream.range(0, d).parallel().forEach(i -> {
      double[] ai = a[i];
      double[] oi = out[i];
      for (int k = 0; k < d; k++) {
        double aik = ai[k];
        double[] bk = b[k];
        for (int j = 0; j < d; j++) {
          oi[j] += aik * bk[j];
        }
      }
    });
    return out;
  }

  private static void symmetrise(double[][] m) {
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < i; j++) {
        double avg = 0.5 * (m[i][j] + m[j][i]);
        m[i][j] = avg;
        m[j][i] = avg;
      }
    }
  }
}
