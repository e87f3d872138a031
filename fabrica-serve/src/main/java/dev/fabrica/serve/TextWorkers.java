package dev.fabrica.serve;

import dev.fabrica.neural.gpt.ContinuousBatch;
import dev.fabrica.neural.gpt.Sampler;
import dev.fabrica.neural.gpt.SamplingOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A text model's generations on several {@link BatchWorker}s side by side, one thread and one
 * batch each over the same weights: each request goes whole to the replica holding the fewest rows,
 * and each replica steps at its own pace. One batch split over threads step by step waits at every
 * step for its slowest thread, and on a machine whose cores also serve HTTP that is most steps; side
 * by side, a replica that is held up holds up only its own rows. A row's text does not depend on its
 * company, so which replica runs a request changes nothing in its answer. The queue limit counts the
 * requests of all replicas together.
 */
final class TextWorkers implements Worker {
  private final BatchWorker[] replicas;
  private final AtomicInteger depth = new AtomicInteger();

  /** One replica per batch of {@code batches} (see {@link ContinuousBatch#replicas}); at most {@code limit} requests held in all. */
  TextWorkers(String model, List<ContinuousBatch> batches, int limit, Metrics metrics) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one batch");
    }
    this.replicas = new BatchWorker[batches.size()];
    for (int i = 0; i < replicas.length; i++) {
      String name = "fabrica-serve-" + model + (replicas.length == 1 ? "" : "-" + (i + 1));
      replicas[i] = new BatchWorker(model, name, batches.get(i), limit, depth, metrics);
    }
  }

  /** As {@link BatchWorker#submit}, on the replica that holds the fewest rows now (the first of equals). */
  CompletableFuture<List<Sampler.Completion>> submit(int[][] prompts, SamplingOptions options, BooleanSupplier stop,
      Sampler.Listener listener) {
    BatchWorker best = replicas[0];
    for (BatchWorker w : replicas) {
      if (w.held() < best.held()) {
        best = w;
      }
    }
    return best.submit(prompts, options, stop, listener);
  }

  /** Rows held by each replica now, for tests and diagnosis. */
  int[] held() {
    int[] h = new int[replicas.length];
    for (int i = 0; i < h.length; i++) {
      h[i] = replicas[i].held();
    }
    return h;
  }

  /** Rows in the replicas' batches now. */
  int rows() {
    int n = 0;
    for (BatchWorker w : replicas) {
      n += w.rows();
    }
    return n;
  }

  @Override
  public int depth() {
    return depth.get();
  }

  @Override
  public void retire(Runnable after) {
    AtomicInteger left = new AtomicInteger(replicas.length);
    for (BatchWorker w : replicas) {
      w.retire(() -> {
        if (left.decrementAndGet() == 0) {
          after.run(); // the last replica to finish closes the model
        }
      });
    }
  }

  @Override
  public void close() {
    for (BatchWorker w : replicas) {
      w.close();
    }
  }
}
