package dev.fabrica.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread that runs an image model's generations, in arrival order, with a bounded queue: a
 * model's weights and engine state are used by one generation at a time, and a full queue is
 * answered at once with 429 instead of growing without bound. (Text models batch their
 * generations instead: {@link BatchWorker}.)
 */
final class ModelWorker implements Worker {
  private final String model;
  private final int limit;
  private final ThreadPoolExecutor executor;
  private final AtomicInteger depth = new AtomicInteger();

  ModelWorker(String model, int limit) {
    this.model = model;
    this.limit = limit;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, limit - 1)), r -> {
      Thread t = new Thread(() -> {
        dev.fabrica.neural.Torch.inferenceOnThisThread();
        r.run();
      }, "fabrica-serve-" + model);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code job} after those before it; a 429 {@link ApiError} when the model holds {@code limit} requests already. */
  <T> Future<T> submit(Callable<T> job) {
    if (depth.incrementAndGet() > limit) {
      depth.decrementAndGet();
      throw ApiError.busy(model, limit, 1);
    }
    try {
      return executor.submit(() -> {
        try {
          return job.call();
        } finally {
          depth.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      depth.decrementAndGet();
      throw ApiError.busy(model, limit, 1);
    }
  }

  @Override
  public int depth() {
    return depth.get();
  }

  @Override
  public void retire(Runnable after) {
    executor.shutdown();
    Thread t = new Thread(() -> {
      try {
        executor.awaitTermination(1, TimeUnit.HOURS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      after.run();
    }, "fabrica-serve-retire-" + model);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
