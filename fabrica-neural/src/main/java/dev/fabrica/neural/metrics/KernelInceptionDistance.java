package dev.fabrica.neural.metrics;

import dev.fabrica.core.BadInputException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The Kernel Inception Distance of Bińkowski et al. 2018 ("Demystifying MMD GANs"): the unbiased
 * estimate of the squared maximum mean discrepancy with the cubic polynomial kernel k(a, b) = (aᵀb/d +
 * 1)³, averaged over random subsets.
 *
 * <p>For subsets X, Y of m rows each, MMD²_u = Σ_{i≠j} k(x_i, x_j) / (m(m−1)) + Σ_{i≠j} k(y_i, y_j)
 * / (m(m−1)) − 2 Σ_{i,j} k(x_i, y_j) / m² (Gretton et al. 2012, eq. 3 with all cross terms, as in the
 * authors' code). Being unbiased it can be slightly negative when both sets come from one
 * distribution.
 *
 * @param mean the mean of MMD²_u over the subsets
 * @param std the population standard deviation (divisor = the number of subsets) of MMD²_u over the
 *     subsets, as reported by the reference implementations
 * @param subsets the number of subsets averaged
 */
public record KernelInceptionDistance(double mean, double std, int subsets) {
  /**
   * Estimates KID from {@code subsets} pairs of random subsets, each drawn without replacement; the
   * subsets are drawn in order from one {@link SplittableRandom} seeded with {@code seed}, so the
   * result depends on the seed only, not on the thread count.
   *
   * @param x one sample per row, (n₁, d)
   * @param y one sample per row, (n₂, d)
   * @param subsetSize m, at least 2 and at most min(n₁, n₂); with m = n₁ = n₂ every subset is the
   *     whole set and the seed does not matter
   */
  public static KernelInceptionDistance of(double[][] x, double[][] y, int subsets, int subsetSize,
      long seed) {
    if (subsets < 1) {
      throw new BadInputException("subsets must be at least 1, got " + subsets);
    }
    if (subsetSize < 2 || subsetSize > x.length || subsetSize > y.length) {
      throw new BadInputException("subsetSize must be in 2.." + Math.min(x.length, y.length)
          + " (the smaller set has that many samples), got " + subsetSize);
    }
    int d = checkWidth(x, "x", x[0].length);
    checkWidth(y, "y", d);
    SplittableRandom random = new SplittableRandom(seed);
    int[][] xs = new int[subsets][];
    int[][] ys = new int[subsets][];
    for (int s = 0; s < subsets; s++) {
      xs[s] = sampleWithoutReplacement(x.length, subsetSize, random);
      ys[s] = sampleWithoutReplacement(y.length, subsetSize, random);
    }
    double[] mmd = IntStream.range(0, subsets).parallel()
        .mapToDouble(s -> mmdUnbiased(gather(x, xs[s]), gather(y, ys[s]))).toArray();
    double mean = 0;
    for (double v : mmd) {
      mean += v;
    }
    mean /= subsets;
    double var = 0;
    for (double v : mmd) {
      var += (v - mean) * (v - mean);
    }
    return new KernelInceptionDistance(mean, Math.sqrt(var / subsets), subsets);
  }

  /**
   * MMD²_u between two equally large sets with the kernel (aᵀb/d + 1)³.
   *
   * @param x (m, d)
   * @param y (m, d)
   */
  static double mmdUnbiased(double[][] x, double[][] y) {
    int m = x.length;
    double kxx = 2 * offDiagonalSum(x);
    double kyy = 2 * offDiagonalSum(y);
    double kxy = 0;
    for (double[] xi : x) {
      for (double[] yj : y) {
        kxy += kernel(xi, yj);
      }
    }
    return (kxx + kyy) / ((double) m * (m - 1)) - 2 * kxy / ((double) m * m);
  }

  /** k(a, b) = (aᵀb/d + 1)³. */
  static double kernel(double[] a, double[] b) {
    double dot = 0;
    for (int j = 0; j < a.length; j++) {
      dot += a[j] * b[j];
    }
    double base = dot / a.length + 1;
    return base * base * base;
  }

  /** Σ_{i<j} k(x_i, x_j). */
  private static double offDiagonalSum(double[][] x) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        sum += kernel(x[i], x[j]);
      }
    }
    return sum;
  }

  /** m distinct indices of 0..n−1 in random order: the first m steps of a Fisher–Yates shuffle. */
  private static int[] sampleWithoutReplacement(int n, int m, SplittableRandom random) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return Arrays.copyOf(perm, m);
  }

  private static double[][] gather(double[][] rows, int[] index) {
    double[][] out = new double[index.length][];
    for (int i = 0; i < index.length; i++) {
      out[i] = rows[index[i]];
    }
    return out;
  }

  private static int checkWidth(double[][] rows, String name, int d) {
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != d) {
        throw new BadInputException(name + " sample " + r + " has " + rows[r].length
            + " features, expected " + d);
      }
    }
    return d;
  }
}
