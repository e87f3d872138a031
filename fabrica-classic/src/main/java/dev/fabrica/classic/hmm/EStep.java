package dev.fabrica.classic.hmm;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The expectation step over many sequences, in parallel. Sequences are cut into at most {@value
 * #MAX_CHUNKS} contiguous chunks whatever the thread count; each chunk is summed by one thread into
 * its own accumulator, and chunks are merged in index order, so the result is bit-identical for
 * any number of threads.
 */
final class EStep {
  static final int MAX_CHUNKS = 64;

  /** Expected counts over all sequences that the model can produce. */
  static final class Totals {
    double logLikelihood;
    final double[] start;
    final double[] trans;
    final Emission.Accumulator emission;
    int used;
    int firstImpossible = -1;
    int impossible;

    Totals(int n, Emission e) {
      start = new double[n];
      trans = new double[n * n];
      emission = e.newAccumulator();
    }

    void merge(Totals o) {
      logLikelihood += o.logLikelihood;
      for (int i = 0; i < start.length; i++) {
        start[i] += o.start[i];
      }
      for (int i = 0; i < trans.length; i++) {
        trans[i] += o.trans[i];
      }
      emission.merge(o.emission);
      used += o.used;
      if (firstImpossible < 0) {
        firstImpossible = o.firstImpossible;
      }
      impossible += o.impossible;
    }
  }

  private EStep() {}

  static Totals run(HmmModel model, Sequences data, ForkJoinPool pool) {
    int chunks = Math.min(MAX_CHUNKS, data.size());
    List<Totals> parts;
    if (pool == null) {
      parts = IntStream.range(0, chunks).mapToObj(c -> chunk(model, data, c, chunks)).toList();
    } else {
      try {
        parts = pool.submit(() -> IntStream.range(0, chunks).parallel()
            .mapToObj(c -> chunk(model, data, c, chunks)).toList()).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during the E-step", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    Totals total = new Totals(model.nStates(), model.emission());
    for (Totals part : parts) {
      total.merge(part);
    }
    return total;
  }

  private static Totals chunk(HmmModel model, Sequences data, int c, int chunks) {
    int n = model.nStates();
    Emission emission = model.emission();
    Totals totals = new Totals(n, emission);
    ForwardBackward fb = model.workspace();
    int from = (int) ((long) data.size() * c / chunks);
    int to = (int) ((long) data.size() * (c + 1) / chunks);
    for (int i = from; i < to; i++) {
      int length = data.length(i);
      fb.ensure(length);
      emission.logProb(data.raw(i), length, fb.logB);
      double logL = fb.run(length, true, totals.trans);
      if (logL == Double.NEGATIVE_INFINITY) {
        if (totals.firstImpossible < 0) {
          totals.firstImpossible = i;
        }
        totals.impossible++;
        continue;
      }
      totals.logLikelihood += logL;
      totals.used++;
      for (int j = 0; j < n; j++) {
        totals.start[j] += fb.gamma[j];
      }
      totals.emission.add(data.raw(i), length, fb.gamma);
    }
    return totals;
  }
}
