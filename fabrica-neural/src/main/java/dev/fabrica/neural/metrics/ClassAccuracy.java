package dev.fabrica.neural.metrics;

import dev.fabrica.core.BadInputException;

/**
 * How often a classifier recognises the class a conditional generator was asked for: the fraction
 * of samples with argmax_y p(y|x) = the wanted class (the first maximum on ties).
 */
public final class ClassAccuracy {
  private ClassAccuracy() {}

  /**
   * (1/n) #{x : argmax_y scores[x][y] = wanted[x]}.
   *
   * @param scores classifier probabilities or logits, one row per sample, (n, K)
   * @param wanted the class each sample was generated for, each in 0..K−1, (n)
   */
  public static double of(double[][] scores, int[] wanted) {
    int n = scores.length;
    if (n == 0 || wanted.length != n) {
      throw new BadInputException("need one wanted class per sample and at least one sample, got "
          + n + " samples and " + wanted.length + " classes");
    }
    int k = scores[0].length;
    int hits = 0;
    for (int r = 0; r < n; r++) {
      if (scores[r].length != k) {
        throw new BadInputException("sample " + r + " has " + scores[r].length
            + " scores but sample 0 has " + k);
      }
      if (wanted[r] < 0 || wanted[r] >= k) {
        throw new BadInputException("sample " + r + ": wanted class " + wanted[r] + " is outside 0.."
            + (k - 1));
      }
      int best = 0;
      for (int y = 1; y < k; y++) {
        if (scores[r][y] > scores[r][best]) {
          best = y;
        }
      }
      if (best == wanted[r]) {
        hits++;
      }
    }
    return (double) hits / n;
  }
}
