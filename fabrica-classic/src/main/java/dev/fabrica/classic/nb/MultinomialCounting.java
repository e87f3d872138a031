package dev.fabrica.classic.nb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Fitting a {@link MultinomialBlock} on flat row-major counts in one pass: rows split over threads,
 * each range counted per class, hashed per column and measured (row lengths) at once. The result is
 * the boxed path's bit for bit: parts are added in another order than row order only when no order
 * can change a sum (non-negative whole numbers whose total stays below 2^53 add exactly); otherwise
 * the counts are added again, in row order.
 */
final class MultinomialCounting {
  /** Below this, every sum of non-negative whole numbers is exact in a double. */
  static final double EXACT = 0x1p53;

  private MultinomialCounting() {}

  /**
   * Adds flat rows of width {@code d} to {@code counts} (classes, d), all zero before, and each row's
   * rounded sum to its class's histogram in {@code lengths}; sets {@code hash[j]} to column j's h =
   * 31h + bits over the rows. Labels are checked, counted and hashed in the same pass.
   *
   * @return what else the pass found; when a label or value is not valid, counts and lengths are not
   *     to be used
   */
  static Counted countFlat(double[] x, int d, int[] y, double[][] counts, List<TreeMap<Long, Long>> lengths,
      int threads, long[] hash) {
    int rows = y.length;
    int parts = Math.max(1, Math.min(threads * 4, rows / 4096));
    Part[] done = new Part[parts];
    NbDense.run(parts, p -> {
      int k = counts.length;
      Part part = new Part(k, d);
      for (int i = (int) ((long) rows * p / parts); i < (long) rows * (p + 1) / parts; i++) {
        int c = y[i];
        if (c < 0 || c >= k) {
          part.badLabel = Math.min(part.badLabel, i);
        } else {
          part.add(x, i * d, d, c);
        }
      }
      done[p] = part;
    }, threads);
    boolean whole = true;
    double total = 0;
    double[] classRows = new double[counts.length];
    long labels = 0;
    for (Part p : done) {
      if (p.badLabel < Integer.MAX_VALUE) {
        return new Counted(p.badLabel, false, null, 0);
      }
      if (!p.valid) {
        return new Counted(-1, false, null, 0);
      }
      whole &= p.whole;
      total += p.total;
      long shift = pow31(p.rows);
      for (int j = 0; j < d; j++) {
        hash[j] = hash[j] * shift + p.hash[j];
      }
      labels = labels * shift + p.labels;
      for (int c = 0; c < classRows.length; c++) {
        classRows[c] += p.classRows[c];
      }
    }
    if (whole && total < EXACT) {
      for (Part p : done) {
        for (int c = 0; c < counts.length; c++) {
          for (int j = 0; j < d; j++) {
            counts[c][j] += p.counts[c * d + j];
          }
        }
      }
    } else {
      int cp = Math.max(1, Math.min(threads, d));
      NbDense.run(cp, p -> countColumns(x, d, y, counts, d * p / cp, d * (p + 1) / cp), threads);
    }
    for (Part p : done) {
      p.addLengthsTo(lengths);
    }
    return new Counted(-1, true, classRows, labels);
  }

  /**
   * What a counting pass found besides the counts.
   *
   * @param badLabel the first row whose label is not a class index, or -1
   * @param valid whether every label and value was valid
   * @param classRows rows per class
   * @param labels the labels' hash, h = 31h + y[i] over the rows
   */
  record Counted(int badLabel, boolean valid, double[] classRows, long labels) {}

  /**
   * What one range of flat rows adds up: counts (classes, columns), per-column hashes from 0, and a
   * histogram of row lengths per class (an array below 2^16, a map above).
   */
  static final class Part {
    private static final int SHORT = 1 << 16;
    final double[] counts;
    final long[] hash;
    final long[][] hist;
    final List<TreeMap<Long, Long>> longer = new ArrayList<>();
    final double[] classRows;
    long labels;
    int badLabel = Integer.MAX_VALUE;
    int rows;
    boolean valid = true;
    boolean whole = true;
    double total;
    private double rowFraction;
    private double rowMin;

    Part(int classes, int d) {
      counts = new double[classes * d];
      hash = new long[d];
      hist = new long[classes][128];
      classRows = new double[classes];
      for (int c = 0; c < classes; c++) {
        longer.add(new TreeMap<>());
      }
    }

    /**
     * Adds the row at {@code x[base, base + d)} of class {@code c}: counts it, hashes each column,
     * checks it and records its length. Simple loops each, so that C2 vectorises the first two. A
     * row of whole numbers is summed in four interleaved partial sums (exact below 2^53, so equal to
     * the column-order sum); any other row in column order.
     */
    void add(double[] x, int base, int d, int c) {
      // three small methods rather than three loops in one: before C2 has compiled them the
      // interpreter runs every row, and small methods are compiled sooner and in less time
      addCounts(counts, c * d, x, base, d);
      addHashes(hash, x, base, d);
      double s = check(x, base, d);
      boolean rowWhole = rowFraction == 0;
      double min = rowMin;
      if (!rowWhole || !(s < EXACT)) {
        s = sum(x, base, d);
      }
      // min >= 0 rules out negatives and NaN; a finite sum of non-negatives rules out +infinity
      boolean rowValid = min >= 0 && (Double.isFinite(s) || allFinite(x, base, d));
      long len = Math.round(s);
      if (len >= 0 && len < SHORT) {
        if (len >= hist[c].length) {
          hist[c] = Arrays.copyOf(hist[c], (int) Math.min(SHORT, Math.max(len + 1, 2L * hist[c].length)));
        }
        hist[c][(int) len]++;
      } else {
        longer.get(c).merge(len, 1L, Long::sum);
      }
      rows++;
      classRows[c]++;
      labels = labels * 31 + c;
      valid &= rowValid;
      whole &= rowWhole;
      total += s;
    }

    private static void addCounts(double[] counts, int off, double[] x, int base, int d) {
      for (int j = 0; j < d; j++) {
        counts[off + j] += x[base + j];
      }
    }

    private static void addHashes(long[] hash, double[] x, int base, int d) {
      for (int j = 0; j < d; j++) {
        hash[j] = hash[j] * 31 + Double.doubleToRawLongBits(x[base + j]);
      }
    }

    /**
     * The row's sum in four interleaved partial sums; sets {@link #rowFraction} to the summed
     * distances to the nearest whole number (NaN for an infinity) and {@link #rowMin} to the minimum
     * (NaN if any value is).
     */
    private double check(double[] x, int base, int d) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double f0 = 0;
      double f1 = 0;
      double min = 0;
      int j = 0;
      for (; j + 4 <= d; j += 4) {
        double v0 = x[base + j];
        double v1 = x[base + j + 1];
        double v2 = x[base + j + 2];
        double v3 = x[base + j + 3];
        s0 += v0;
        s1 += v1;
        s2 += v2;
        s3 += v3;
        f0 += Math.abs(v0 - Math.rint(v0)) + Math.abs(v1 - Math.rint(v1));
        f1 += Math.abs(v2 - Math.rint(v2)) + Math.abs(v3 - Math.rint(v3));
        min = Math.min(min, Math.min(Math.min(v0, v1), Math.min(v2, v3)));
      }
      double s = (s0 + s1) + (s2 + s3);
      for (; j < d; j++) {
        double v = x[base + j];
        s += v;
        f0 += Math.abs(v - Math.rint(v));
        min = Math.min(min, v);
      }
      rowFraction = f0 + f1;
      rowMin = min;
      return s;
    }

    private static double sum(double[] x, int base, int d) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += x[base + j];
      }
      return s;
    }

    private static boolean allFinite(double[] x, int base, int d) {
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(x[base + j])) {
          return false;
        }
      }
      return true;
    }

    void addLengthsTo(List<TreeMap<Long, Long>> lengths) {
      for (int c = 0; c < hist.length; c++) {
        for (int len = 0; len < hist[c].length; len++) {
          if (hist[c][len] > 0) {
            lengths.get(c).merge((long) len, hist[c][len], Long::sum);
          }
        }
        TreeMap<Long, Long> into = lengths.get(c);
        longer.get(c).forEach((len, n) -> into.merge(len, n, Long::sum));
      }
    }
  }

  /** Counts of flat rows added in row order, block columns [from, to) only (for values that are not all whole). */
  static void countColumns(double[] x, int d, int[] y, double[][] counts, int from, int to) {
    int rows = y.length;
    for (int i = 0; i < rows; i++) {
      double[] cc = counts[y[i]];
      int base = i * d;
      for (int j = from; j < to; j++) {
        cc[j] += x[base + j];
      }
    }
  }

  /** 31^n modulo 2^64, to append one part's column hashes to those of the rows before it. */
  static long pow31(long n) {
    long result = 1;
    long b = 31;
    for (long e = n; e > 0; e >>= 1) {
      if ((e & 1) != 0) {
        result *= b;
      }
      b *= b;
    }
    return result;
  }

  /** Adds row i's length {@code len[i]} to class {@code y[i]}'s histogram, counting in an array where a class's lengths span less than 2^16. */
  static void addLengths(List<TreeMap<Long, Long>> lengths, long[] len, int[] y) {
    int k = lengths.size();
    long[] lo = new long[k];
    long[] hi = new long[k];
    Arrays.fill(lo, Long.MAX_VALUE);
    Arrays.fill(hi, Long.MIN_VALUE);
    for (int i = 0; i < len.length; i++) {
      lo[y[i]] = Math.min(lo[y[i]], len[i]);
      hi[y[i]] = Math.max(hi[y[i]], len[i]);
    }
    long[][] hist = new long[k][];
    for (int c = 0; c < k; c++) {
      if (hi[c] >= lo[c] && hi[c] - lo[c] < 1 << 16) {
        hist[c] = new long[(int) (hi[c] - lo[c] + 1)];
      }
    }
    for (int i = 0; i < len.length; i++) {
      int c = y[i];
      if (hist[c] != null) {
        hist[c][(int) (len[i] - lo[c])]++;
      } else {
        lengths.get(c).merge(len[i], 1L, Long::sum);
      }
    }
    for (int c = 0; c < k; c++) {
      for (int v = 0; hist[c] != null && v < hist[c].length; v++) {
        if (hist[c][v] > 0) {
          lengths.get(c).merge(lo[c] + v, hist[c][v], Long::sum);
        }
      }
    }
  }
}
