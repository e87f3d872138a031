package dev.fabrica.neural.metrics;

import dev.fabrica.core.BadInputException;

/**
 * The Inception Score of Salimans et al. 2016 ("Improved techniques for training GANs"): IS = exp(E_x
 * KL(p(y|x) ‖ p(y))), with p(y) = E_x p(y|x) the marginal over the split, computed on each of {@code
 * splits} consecutive parts of the predictions. It lies between 1 (every prediction equal to the
 * marginal) and the number of classes K (confident predictions spread evenly over all classes).
 *
 * @param mean the mean of the per-split scores
 * @param std their population standard deviation (divisor = splits), as in the authors' code
 * @param splits the number of parts
 */
public record InceptionScore(double mean, double std, int splits) {
  /** Rows must sum to 1 within this, as float softmax outputs do. */
  static final double SUM_TOLERANCE = 1e-3;

  /**
   * Scores class probabilities; part s holds rows ⌊s·n/splits⌋ up to ⌊(s+1)·n/splits⌋ in the given
   * order (shuffle first if the order means something). Terms with p(y|x) = 0 add 0 (0 · log 0 = 0).
   *
   * @param probs p(y|x) per sample: one row per sample, (n, K), non-negative, each row summing to 1
   * @param splits the number of parts, 1..n
   */
  public static InceptionScore of(double[][] probs, int splits) {
    int n = probs.length;
    if (splits < 1 || splits > n) {
      throw new BadInputException("splits must be in 1.." + n + " (the number of samples), got "
          + splits);
    }
    int k = probs[0].length;
    for (int r = 0; r < n; r++) {
      checkRow(probs[r], r, k);
    }
    double[] scores = new double[splits];
    for (int s = 0; s < splits; s++) {
      int from = (int) ((long) s * n / splits);
      int to = (int) ((long) (s + 1) * n / splits);
      scores[s] = Math.exp(meanKl(probs, from, to, k));
    }
    double mean = 0;
    for (double v : scores) {
      mean += v;
    }
    mean /= splits;
    double var = 0;
    for (double v : scores) {
      var += (v - mean) * (v - mean);
    }
    return new InceptionScore(mean, Math.sqrt(var / splits), splits);
  }

  /** (1/|part|) Σ_x Σ_y p(y|x) (log p(y|x) − log p(y)) over rows from..to−1. */
  private static double meanKl(double[][] probs, int from, int to, int k) {
    double[] marginal = new double[k];
    for (int r = from; r < to; r++) {
      for (int y = 0; y < k; y++) {
        marginal[y] += probs[r][y];
      }
    }
    int size = to - from;
    double[] logMarginal = new double[k];
    for (int y = 0; y < k; y++) {
      logMarginal[y] = Math.log(marginal[y] / size);
    }
    double kl = 0;
    for (int r = from; r < to; r++) {
      for (int y = 0; y < k; y++) {
        double p = probs[r][y];
        if (p > 0) {
          kl += p * (Math.log(p) - logMarginal[y]);
        }
      }
    }
    return kl / size;
  }

  private static void checkRow(double[] row, int r, int k) {
    if (row.length != k) {
      throw new BadInputException("sample " + r + " has " + row.length + " classes but sample 0 has "
          + k);
    }
    double sum = 0;
    for (int y = 0; y < k; y++) {
      if (!(row[y] >= 0) || row[y] > 1) {
        throw new BadInputException("sample " + r + ", class " + y + ": probability " + row[y]
            + " is outside [0, 1]");
      }
      sum += row[y];
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new BadInputException("sample " + r + ": probabilities sum to " + sum + ", not 1");
    }
  }
}
