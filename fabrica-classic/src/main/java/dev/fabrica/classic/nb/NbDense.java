package dev.fabrica.classic.nb;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.ColumnType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Fitting and scoring on primitive matrices, without a boxed cell per value: the same blocks, the
 * same sums in the same order, so parameters and probabilities equal those of the boxed path bit for
 * bit. Fitting splits the columns over threads (each column's statistics are independent); scoring
 * splits the rows. Neither result depends on the thread count.
 */
final class NbDense {
  private NbDense() {}

  static NbModel fit(NbConfig config, double[][] x, int[] y, List<String> classes, int threads) {
    NbColumn.Dist dist = switch (config.kind()) {
      case GAUSSIAN -> NbColumn.Dist.GAUSSIAN;
      case MULTINOMIAL, COMPLEMENT -> NbColumn.Dist.COUNTS;
      default -> throw new BadInputException("the dense path fits gaussian, multinomial and complement naive bayes, not "
          + config.kind().id());
    };
    int d = x.length == 0 ? 0 : x[0].length;
    String fingerprint = checkAndFingerprint(x, y, classes.size(), dist, threads);
    List<NbColumn> cols = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      cols.add(new NbColumn("x" + j, ColumnType.DOUBLE, dist));
    }
    NbTable table = new NbTable("y", ColumnType.STRING, cols, Map.of());
    NbModel empty = NbModel.empty(config, table, classes);
    List<Block> blocks = empty.blocks().stream().map(Block::copy).toList();
    int parts = Math.max(1, Math.min(threads, d));
    for (Block b : blocks) {
      int width = b.cols.length;
      run(parts, p -> b.addDense(x, y, width * p / parts, width * (p + 1) / parts), threads);
      b.addDenseRows(x, y, threads);
    }
    double[] counts = new double[classes.size()];
    for (int c : y) {
      counts[c]++;
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("source", "dense matrix");
    prov.put("rows", x.length);
    prov.put("fingerprint", fingerprint);
    return new NbModel(config, table, classes, counts, blocks, List.of(prov));
  }

  static double[][] predictProba(NbModel model, double[][] x, int threads) {
    int d = model.table().columns().size();
    double[][] out = new double[x.length][];
    int parts = Math.max(1, Math.min(threads * 4, x.length / 1024));
    run(parts, p -> {
      for (int i = (int) ((long) x.length * p / parts); i < (long) x.length * (p + 1) / parts; i++) {
        if (x[i].length != d) {
          throw new BadInputException("row " + i + " has " + x[i].length + " values, the model " + d + " columns");
        }
        double[] jll = model.jointLogLikelihoodStart();
        for (Block b : model.blocks()) {
          b.addLogLikelihoodDense(x[i], jll);
        }
        out[i] = NbModel.normalize(jll);
      }
    }, threads);
    return out;
  }

  /**
   * Checks every value and label and returns a 64-bit mix of them (not cryptographic: cheap enough
   * for millions of rows), over a fixed number of row ranges combined in order, so that it does not
   * depend on the thread count.
   */
  private static String checkAndFingerprint(double[][] x, int[] y, int k, NbColumn.Dist dist, int threads) {
    if (x.length == 0 || x.length != y.length) {
      throw new BadInputException("dense fit needs rows and one label per row, got " + x.length + " rows and "
          + y.length + " labels");
    }
    int d = x[0].length;
    boolean counts = dist == NbColumn.Dist.COUNTS;
    int parts = Math.min(16, x.length);
    long[] hashes = new long[parts];
    run(parts, p -> {
      long h = 0x9E3779B97F4A7C15L + p;
      for (int i = (int) ((long) x.length * p / parts); i < (long) x.length * (p + 1) / parts; i++) {
        double[] row = x[i];
        if (row.length != d) {
          throw new BadInputException("row " + i + " has " + row.length + " values, row 0 has " + d);
        }
        if (y[i] < 0 || y[i] >= k) {
          throw new BadInputException("row " + i + ": class index " + y[i] + " is outside 0.." + (k - 1));
        }
        long r = y[i];
        boolean bad = false;
        for (double v : row) {
          bad |= !(v - v == 0) || counts && v < 0; // v - v is NaN for NaN and the infinities
          r = r * 31 + Double.doubleToRawLongBits(v);
        }
        if (bad) {
          for (double v : row) {
            if (!Double.isFinite(v) || counts && v < 0) {
              throw new BadInputException("row " + i + ": " + v + " is not a valid " + (counts ? "count" : "feature value"));
            }
          }
        }
        h = (h ^ r) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
      }
      hashes[p] = h;
    }, threads);
    long h = 0;
    for (long part : hashes) {
      h = (h ^ part) * 0x94D049BB133111EBL;
    }
    return HexFormat.of().toHexDigits(h);
  }

  interface Part {
    void run(int p);
  }

  /** Runs parts 0..parts-1, on a pool of {@code threads} when more than one. */
  static void run(int parts, Part part, int threads) {
    if (threads <= 1 || parts == 1) {
      for (int p = 0; p < parts; p++) {
        part.run(p);
      }
      return;
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> IntStream.range(0, parts).parallel().forEach(part::run)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }
}
