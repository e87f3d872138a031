package dev.fabrica.classic.nb;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.ColumnType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fitting and scoring on primitive matrices, without a boxed cell per value: the same blocks, the
 * same sums in the same order, so parameters and probabilities equal those of the boxed path bit for
 * bit. Fitting splits the columns over threads (each column's statistics are independent); scoring
 * splits the rows. Neither result depends on the thread count.
 */
final class NbDense {
  private NbDense() {}

  static NbModel fit(NbConfig config, double[][] x, int[] y, List<String> classes, int threads) {
    NbColumn.Dist dist = dist(config);
    int d = checkShape(x, y, classes.size());
    NbModel start = empty(config, d, classes);
    List<Block> blocks = Block.copies(start.blocks());
    // one pass per column range checks, fingerprints and counts; values are only rejected after it
    long[] hash = new long[d];
    int parts = Math.max(1, Math.min(threads, d));
    boolean[] valid = new boolean[parts];
    for (Block b : blocks) {
      int width = b.cols.length;
      run(parts, p -> valid[p] = b.addDense(x, y, width * p / parts, width * (p + 1) / parts, hash), threads);
      for (boolean v : valid) {
        if (!v) {
          throw firstInvalid(x, dist == NbColumn.Dist.COUNTS);
        }
      }
      b.addDenseRows(x, y, threads);
    }
    return fitted(start, blocks, hash, y);
  }

  /** The column distribution of a dense fit of {@code config.kind()}. */
  static NbColumn.Dist dist(NbConfig config) {
    return switch (config.kind()) {
      case GAUSSIAN -> NbColumn.Dist.GAUSSIAN;
      case MULTINOMIAL, COMPLEMENT -> NbColumn.Dist.COUNTS;
      default -> throw new BadInputException("the dense path fits gaussian, multinomial and complement naive bayes, not "
          + config.kind().id());
    };
  }

  /** An unfitted model of {@code d} columns x0..x(d-1), all of the dense distribution. */
  static NbModel empty(NbConfig config, int d, List<String> classes) {
    NbColumn.Dist dist = dist(config);
    List<NbColumn> cols = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      cols.add(new NbColumn("x" + j, ColumnType.DOUBLE, dist));
    }
    return NbModel.empty(config, new NbTable("y", ColumnType.STRING, cols, Map.of()), classes);
  }

  /** The model of the filled {@code blocks}, with the class counts and the fingerprint of the column hashes. */
  static NbModel fitted(NbModel start, List<Block> blocks, long[] hash, int[] y) {
    double[] counts = new double[start.classes().size()];
    long labels = 0;
    for (int c : y) {
      counts[c]++;
      labels = labels * 31 + c;
    }
    return fitted(start, blocks, counts, fingerprint(hash, labels), y.length);
  }

  /** The model of the filled {@code blocks}, given the rows per class and the fingerprint. */
  static NbModel fitted(NbModel start, List<Block> blocks, double[] classRows, String fingerprint, int rows) {
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("source", "dense matrix");
    prov.put("rows", rows);
    prov.put("fingerprint", fingerprint);
    return new NbModel(start.config(), start.table(), start.classes(), classRows, blocks, List.of(prov));
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

  /** Checks that there are rows, all of one width, with a class index each; returns the width. */
  private static int checkShape(double[][] x, int[] y, int k) {
    if (x.length == 0 || x.length != y.length) {
      throw new BadInputException("dense fit needs rows and one label per row, got " + x.length + " rows and "
          + y.length + " labels");
    }
    int d = x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d) {
        throw new BadInputException("row " + i + " has " + x[i].length + " values, row 0 has " + d);
      }
    }
    checkLabels(y, k);
    return d;
  }

  /** Checks that every label is a class index. */
  static void checkLabels(int[] y, int k) {
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= k) {
        throw new BadInputException("row " + i + ": class index " + y[i] + " is outside 0.." + (k - 1));
      }
    }
  }

  /** The error for the first value, in row order, that is not finite (or is a negative count). */
  private static BadInputException firstInvalid(double[][] x, boolean counts) {
    for (int i = 0; i < x.length; i++) {
      for (double v : x[i]) {
        if (!Double.isFinite(v) || counts && v < 0) {
          return new BadInputException("row " + i + ": " + v + " is not a valid " + (counts ? "count" : "feature value"));
        }
      }
    }
    return new BadInputException("a value is not valid");
  }

  /**
   * A 64-bit mix of the per-column hashes and the labels' hash (h = 31h + y[i]); not cryptographic,
   * independent of threads.
   */
  static String fingerprint(long[] columns, long labels) {
    long h = 0x9E3779B97F4A7C15L;
    for (long c : columns) {
      h = (h ^ c) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    h = (h ^ labels) * 0x94D049BB133111EBL;
    return HexFormat.of().toHexDigits(h ^ h >>> 29);
  }

  interface Part {
    void run(int p);
  }

  /**
   * Runs parts 0..parts-1 on up to {@code threads} threads (the caller's and new ones), each taking
   * the next part until none is left; the first exception a part throws is rethrown. Plain threads
   * rather than a pool and a parallel stream: in a fresh JVM those cost tens of milliseconds of
   * class loading and lambda linking on the first call, which the benchmark's cold figure includes.
   */
  static void run(int parts, Part part, int threads) {
    int workers = Math.min(threads, parts);
    if (workers <= 1) {
      for (int p = 0; p < parts; p++) {
        part.run(p);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker = () -> {
      for (int p = next.getAndIncrement(); p < parts && failure.get() == null; p = next.getAndIncrement()) {
        try {
          part.run(p);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }
    };
    Thread[] helpers = new Thread[workers - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = new Thread(worker, "fabrica-nb-" + t);
      helpers[t].setDaemon(true);
      helpers[t].start();
    }
    worker.run();
    try {
      for (Thread t : helpers) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException r) {
      throw r;
    } else if (t instanceof Error e) {
      throw e;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
  }
}
