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

  private EStep() {}

  static HmmStatistics run(HmmModel model, Sequences data, ForkJoinPool pool) {
    int chunks = Math.min(MAX_CHUNKS, data.size());
    List<HmmStatistics> parts;
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
    HmmStatistics total = HmmStatistics.empty(model);
    for (HmmStatistics part : parts) {
      total.merge(part);
    }
    return total;
  }

  private static HmmStatistics chunk(HmmModel model, Sequences data, int c, int chunks) {
    int from = (int) ((long) data.size() * c / chunks);
    int to = (int) ((long) data.size() * (c + 1) / chunks);
    return HmmStatistics.of(model, data.slice(from, to), from);
  }
}
