package dev.fabrica.classic.nb;

/**
 * The dense kernels of a {@link MultinomialBlock} over COUNTS columns: counting and scoring rows of a
 * {@code double[][]} and scoring rows of one flat row-major {@code double[]} (flat counting is {@link
 * MultinomialCounting}). Every kernel gives the boxed path's sums bit for bit.
 */
final class MultinomialDense {
  private MultinomialDense() {}

  /** {@link Block#addDense} for a {@code double[][]}: block columns [from, to) of every row, in row order. */
  static boolean addColumns(double[][] x, int[] y, int[] cols, double[][] counts, int from, int to, long[] hash) {
    long[] h = new long[to - from];
    boolean valid = true;
    for (int i = 0; i < x.length; i++) {
      double[] row = x[i];
      double[] cc = counts[y[i]];
      for (int j = from; j < to; j++) {
        double d = row[cols[j]];
        valid &= d >= 0 & d - d == 0; // false for negatives, NaN and +infinity
        h[j - from] = h[j - from] * 31 + Double.doubleToRawLongBits(d);
        cc[j] += d;
      }
    }
    for (int j = from; j < to; j++) {
      hash[cols[j]] = h[j - from];
    }
    return valid;
  }

  /** Each row's length as {@link MultinomialBlock#add} sums it (in column order), rounded. */
  static long[] rowLengths(double[][] x, int[] cols, int threads) {
    long[] len = new long[x.length];
    int parts = Math.max(1, Math.min(16, x.length / 4096));
    NbDense.run(parts, p -> {
      for (int i = (int) ((long) x.length * p / parts); i < (long) x.length * (p + 1) / parts; i++) {
        double s = 0;
        for (int col : cols) {
          s += x[i][col];
        }
        len[i] = Math.round(s);
      }
    }, threads);
    return len;
  }

  /**
   * Adds Σ_j x[cols[j]] w_jc to {@code jll[c]}, over (vocabulary, classes) weights {@code wT}: four
   * classes at a time in locals, each class adding its terms in column order; a zero count adds ±0,
   * which leaves a sum as the boxed path's skip does.
   */
  static void score(double[] x, int[] cols, double[] wT, double[] jll) {
    int k = jll.length;
    int c = 0;
    for (; c + 4 <= k; c += 4) {
      double s0 = jll[c], s1 = jll[c + 1], s2 = jll[c + 2], s3 = jll[c + 3];
      for (int j = 0, at = c; j < cols.length; j++, at += k) {
        double d = x[cols[j]];
        s0 += d * wT[at];
        s1 += d * wT[at + 1];
        s2 += d * wT[at + 2];
        s3 += d * wT[at + 3];
      }
      jll[c] = s0;
      jll[c + 1] = s1;
      jll[c + 2] = s2;
      jll[c + 3] = s3;
    }
    for (; c < k; c++) {
      double s = jll[c];
      for (int j = 0, at = c; j < cols.length; j++, at += k) {
        s += x[cols[j]] * wT[at];
      }
      jll[c] = s;
    }
  }

  /**
   * Scores flat rows [from, to) of width {@code d} (column j is vocabulary word j) into {@code out}
   * (rows, classes) as joint log-likelihoods {@code start[c] + Σ_j x_ij w_jc}, each class adding its
   * terms in column order. Four classes at a time are summed in a 4-element array with side-by-side
   * weights ({@code w4}, (classes / 4, d, 4)): C2 packs those four adjacent sums into one vector
   * operation, which locals do not get; classes left over use {@code wT} (d, classes).
   */
  static void scoreRows(double[] x, int d, double[] w4, double[] wT, double[] start, int from, int to,
      double[] out) {
    double[] acc = new double[4];
    for (int i = from; i < to; i++) {
      scoreRow(x, i * d, d, w4, wT, start, out, i * start.length, acc);
    }
  }

  private static void scoreRow(double[] x, int base, int d, double[] w4, double[] wT, double[] start, double[] out,
      int o, double[] acc) {
    int k = start.length;
    int c = 0;
    for (int g = 0; c + 4 <= k; g++, c += 4) {
      acc[0] = start[c];
      acc[1] = start[c + 1];
      acc[2] = start[c + 2];
      acc[3] = start[c + 3];
      int wg = g * d * 4;
      for (int j = 0; j < d; j++) {
        double v = x[base + j];
        int at = wg + j * 4;
        acc[0] += v * w4[at];
        acc[1] += v * w4[at + 1];
        acc[2] += v * w4[at + 2];
        acc[3] += v * w4[at + 3];
      }
      out[o + c] = acc[0];
      out[o + c + 1] = acc[1];
      out[o + c + 2] = acc[2];
      out[o + c + 3] = acc[3];
    }
    for (; c < k; c++) {
      double s = start[c];
      for (int j = 0, at = c; j < d; j++, at += k) {
        s += x[base + j] * wT[at];
      }
      out[o + c] = s;
    }
  }
}
