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
   * (rows, classes) as joint log-likelihoods {@code start[c] + Σ_j x_ij w_jc}, two rows at a time:
   * eight independent sums per step instead of four, each still in column order.
   */
  static void scoreRows(double[] x, int d, double[] wT, double[] start, int from, int to, double[] out) {
    int k = start.length;
    int i = from;
    for (; i + 2 <= to; i += 2) {
      scorePair(x, i * d, d, wT, start, out, i * k);
    }
    if (i < to) { // the last row of an odd range, one class at a time
      for (int c = 0; c < k; c++) {
        double s = start[c];
        for (int j = 0, at = c; j < d; j++, at += k) {
          s += x[i * d + j] * wT[at];
        }
        out[i * k + c] = s;
      }
    }
  }

  private static void scorePair(double[] x, int a, int d, double[] wT, double[] start, double[] out, int o) {
    int k = start.length;
    int b = a + d;
    int p = o + k;
    int c = 0;
    for (; c + 4 <= k; c += 4) {
      double a0 = start[c], a1 = start[c + 1], a2 = start[c + 2], a3 = start[c + 3];
      double b0 = a0, b1 = a1, b2 = a2, b3 = a3;
      for (int j = 0, at = c; j < d; j++, at += k) {
        double xa = x[a + j];
        double xb = x[b + j];
        double w0 = wT[at], w1 = wT[at + 1], w2 = wT[at + 2], w3 = wT[at + 3];
        a0 += xa * w0;
        a1 += xa * w1;
        a2 += xa * w2;
        a3 += xa * w3;
        b0 += xb * w0;
        b1 += xb * w1;
        b2 += xb * w2;
        b3 += xb * w3;
      }
      out[o + c] = a0;
      out[o + c + 1] = a1;
      out[o + c + 2] = a2;
      out[o + c + 3] = a3;
      out[p + c] = b0;
      out[p + c + 1] = b1;
      out[p + c + 2] = b2;
      out[p + c + 3] = b3;
    }
    for (; c < k; c++) {
      double sa = start[c];
      double sb = start[c];
      for (int j = 0, at = c; j < d; j++, at += k) {
        sa += x[a + j] * wT[at];
        sb += x[b + j] * wT[at];
      }
      out[o + c] = sa;
      out[p + c] = sb;
    }
  }
}
