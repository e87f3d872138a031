package dev.fabrica.classic.nb;

import dev.fabrica.core.BadInputException;
import java.util.List;

/**
 * Fitting and scoring on one flat row-major {@code double[]} (row i, column j at {@code i * cols + j},
 * NumPy's C order): no array per row. Multinomial and complement models are counted in one pass over
 * the rows ({@link MultinomialCounting}) and a multinomial-only model is scored four classes to a vector
 * operation ({@link MultinomialDense#scoreRows}); other models go through the {@code double[][]} path. Results
 * equal {@link NbDense}'s (and so the boxed path's) bit for bit, whatever the thread count.
 */
final class NbFlat {
  private NbFlat() {}

  static NbModel fit(NbConfig config, double[] x, int cols, int[] y, List<String> classes, int threads) {
    NbColumn.Dist dist = NbDense.dist(config);
    int rows = rows(x, cols);
    if (rows == 0 || rows != y.length) {
      throw new BadInputException("dense fit needs rows and one label per row, got " + rows + " rows and "
          + y.length + " labels");
    }
    if (dist != NbColumn.Dist.COUNTS) {
      return NbDense.fit(config, toRows(x, cols), y, classes, threads);
    }
    NbModel start = NbDense.empty(config, cols, classes);
    List<Block> blocks = Block.copies(start.blocks());
    MultinomialBlock block = (MultinomialBlock) blocks.get(0); // every column counts: one block, columns 0..cols-1
    long[] hash = new long[cols];
    MultinomialCounting.Counted counted = block.addFlat(x, cols, y, threads, hash);
    if (counted.badLabel() >= 0) {
      NbDense.checkLabels(y, classes.size()); // throws, for the first such row
    }
    if (!counted.valid()) {
      throw firstInvalid(x, cols);
    }
    return NbDense.fitted(start, blocks, counted.classRows(), NbDense.fingerprint(hash, counted.labels()), rows);
  }

  /** P(y=c | x) as a flat (rows, classes) array. */
  static double[] predictProba(NbModel model, double[] x, int cols, int threads) {
    int d = model.table().columns().size();
    if (cols != d) {
      throw new BadInputException("rows have " + cols + " values, the model " + d + " columns");
    }
    int rows = rows(x, cols);
    int k = model.classes().size();
    double[] out = new double[rows * k];
    double[] start = model.jointLogLikelihoodStart();
    List<Block> blocks = model.blocks();
    boolean flat = blocks.size() == 1 && blocks.get(0) instanceof MultinomialBlock m && m.coversColumns(d);
    int parts = Math.max(1, Math.min(threads * 4, rows / 1024));
    NbDense.run(parts, p -> {
      int from = (int) ((long) rows * p / parts);
      int to = (int) ((long) rows * (p + 1) / parts);
      if (flat) {
        MultinomialBlock m = (MultinomialBlock) blocks.get(0);
        MultinomialDense.scoreRows(x, d, m.weights4(), m.weightsT(), start, from, to, out);
      } else {
        scoreRows(blocks, x, d, start, from, to, out);
      }
      for (int i = from; i < to; i++) {
        NbModel.normalize(out, i * k, k);
      }
    }, threads);
    return out;
  }

  /** Joint log-likelihoods of rows [from, to) by each block's row kernel, through one reused row buffer. */
  private static void scoreRows(List<Block> blocks, double[] x, int d, double[] start, int from, int to,
      double[] out) {
    int k = start.length;
    double[] row = new double[d];
    double[] jll = new double[k];
    for (int i = from; i < to; i++) {
      System.arraycopy(x, i * d, row, 0, d);
      System.arraycopy(start, 0, jll, 0, k);
      for (Block b : blocks) {
        b.addLogLikelihoodDense(row, jll);
      }
      System.arraycopy(jll, 0, out, i * k, k);
    }
  }

  private static int rows(double[] x, int cols) {
    if (cols < 1 || x.length % cols != 0) {
      throw new BadInputException("a flat matrix of " + x.length + " values does not have whole rows of " + cols
          + " columns");
    }
    return x.length / cols;
  }

  static double[][] toRows(double[] x, int cols) {
    double[][] rows = new double[x.length / cols][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = java.util.Arrays.copyOfRange(x, i * cols, (i + 1) * cols);
    }
    return rows;
  }

  /** The error for the first value, in row order, that is not a valid count. */
  private static BadInputException firstInvalid(double[] x, int cols) {
    for (int at = 0; at < x.length; at++) {
      if (!(x[at] >= 0) || Double.isInfinite(x[at])) {
        return new BadInputException("row " + at / cols + ": " + x[at] + " is not a valid count");
      }
    }
    return new BadInputException("a value is not valid");
  }
}
