package dev.fabrica.serve;

import dev.fabrica.neural.gpt.ContinuousBatch;
import dev.fabrica.neural.gpt.Sampler;
import dev.fabrica.neural.gpt.SamplingOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The one thread that runs a text model's generations, all together: continuous batching. Between
 * two steps of the {@link ContinuousBatch} it admits waiting rows (each prompt, times {@code n}, is
 * a row) while the batch has room, in arrival order, and drops the requests whose client went away
 * or whose time ran out; each step then draws one token for every row in one pass through the
 * model, streams it to its request, and completes the requests whose rows have all ended. The
 * queue is bounded as {@link ModelWorker}'s is: a request beyond {@code limit} held (running or
 * waiting) is answered 429 at once.
 */
final class BatchWorker implements Worker {
  /** Completes the future of a request stopped early (client gone, time up). */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super("generation stopped", null, false, false);
    }
  }

  /** One request: its rows, when to stop it, who hears its tokens, and its result. */
  private static final class Job {
    final int[][] prompts;
    final SamplingOptions options;
    final BooleanSupplier stop;
    final Sampler.Listener listener;
    final CompletableFuture<List<Sampler.Completion>> result = new CompletableFuture<>();
    final Sampler.Completion[] done;
    final List<ContinuousBatch.Sequence> running = new ArrayList<>();
    int admitted; // rows that joined the batch so far
    int ended;

    Job(int[][] prompts, SamplingOptions options, BooleanSupplier stop, Sampler.Listener listener) {
      this.prompts = prompts;
      this.options = options;
      this.stop = stop;
      this.listener = listener;
      this.done = new Sampler.Completion[prompts.length];
    }
  }

  /** Put in the queue to wake an idle worker (to retire or close); not a request. */
  private static final Job WAKE = new Job(new int[0][], null, () -> false, null);

  private final String model;
  private final int limit;
  private final ContinuousBatch batch;
  private final Metrics metrics;
  private final AtomicInteger depth; // requests held, shared by the replicas of a model: the limit is theirs together
  private final AtomicInteger held = new AtomicInteger(); // rows of the requests this worker holds
  private final LinkedBlockingQueue<Job> incoming = new LinkedBlockingQueue<>();
  // the rest is the worker thread's own
  private final Deque<Job> waiting = new ArrayDeque<>(); // jobs with rows still to admit, oldest first
  private final Set<Job> live = new LinkedHashSet<>(); // every accepted job not yet answered
  private final Map<ContinuousBatch.Sequence, Job> owner = new IdentityHashMap<>();
  private final Thread thread;
  private volatile int rows; // rows in the batch, for the gauge
  private volatile Runnable afterRetire;
  private boolean finished; // guarded by this: no job is accepted any more

  BatchWorker(String model, ContinuousBatch batch, int limit, Metrics metrics) {
    this(model, "fabrica-serve-" + model, batch, limit, new AtomicInteger(), metrics);
  }

  /**
   * A worker whose {@code limit} counts the requests in {@code depth}, which other workers (replicas
   * of the same model, see {@link TextWorkers}) count in too.
   */
  BatchWorker(String model, String threadName, ContinuousBatch batch, int limit, AtomicInteger depth, Metrics metrics) {
    if (limit < 1) {
      throw new IllegalArgumentException("a queue must hold at least 1 request, got " + limit);
    }
    this.model = model;
    this.limit = limit;
    this.batch = batch;
    this.metrics = metrics;
    this.depth = depth;
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a request of {@code prompts.length} rows (encoded prompts, each with the options; row b
   * draws from the b-th random stream of the seed, as {@link Sampler} gives it).
   *
   * @param stop checked before each step; when true the request leaves the batch and its future
   *     fails with {@link Stopped}
   * @param listener hears each row's tokens on the worker thread (may be null); it must not block
   * @throws ApiError 429 when the model holds {@code limit} requests already
   */
  CompletableFuture<List<Sampler.Completion>> submit(int[][] prompts, SamplingOptions options, BooleanSupplier stop,
      Sampler.Listener listener) {
    if (prompts.length == 0) {
      throw new IllegalArgumentException("a request needs at least one prompt");
    }
    Job job = new Job(prompts, options, stop, listener);
    synchronized (this) {
      if (finished || depth.incrementAndGet() > limit) {
        if (!finished) {
          depth.decrementAndGet();
        }
        throw ApiError.busy(model, limit, 1);
      }
      held.addAndGet(prompts.length);
      incoming.add(job);
    }
    return job.result;
  }

  /** Rows of the requests held (running or waiting): how busy this worker is, for {@link TextWorkers} to choose. */
  int held() {
    return held.get();
  }

  @Override
  public int depth() {
    return depth.get();
  }

  /** Rows in the batch now. */
  int rows() {
    return rows;
  }

  @Override
  public void retire(Runnable after) {
    afterRetire = after;
    incoming.add(WAKE); // not an interrupt: that would reach a listener in the middle of a step
  }

  @Override
  public void close() {
    synchronized (this) {
      finished = true;
    }
    incoming.add(WAKE);
  }

  private void loop() {
    try {
      while (true) {
        boolean idle = live.isEmpty() && incoming.isEmpty();
        if (idle && (afterRetire != null || isFinished())) {
          synchronized (this) {
            if (incoming.isEmpty()) {
              finished = true; // turns away what comes now
              break;
            }
          }
        }
        Job j = idle ? pollIdle() : incoming.poll();
        while (j != null) {
          if (j != WAKE) {
            live.add(j);
            waiting.add(j);
          }
          j = incoming.poll();
        }
        if (isFinished()) {
          break; // closed
        }
        try {
          dropStopped();
          admit();
          if (batch.size() > 0) {
            step();
          }
        } catch (RuntimeException e) {
          // a failure inside the model: every request held gets it, the batch starts afresh
          System.err.println("fabrica serve: generation with model '" + model + "' failed:");
          e.printStackTrace(System.err);
          failAll(ApiError.internal("generation failed: " + e));
        }
      }
    } finally {
      synchronized (this) {
        finished = true;
      }
      Job late;
      while ((late = incoming.poll()) != null) {
        if (late != WAKE) {
          live.add(late);
        }
      }
      failAll(ApiError.internal("model '" + model + "' was unloaded before the request finished"));
      Runnable after = afterRetire;
      if (after != null) {
        after.run();
      }
    }
  }

  private void failAll(ApiError error) {
    for (Job job : new ArrayList<>(live)) {
      answer(job, null, error);
    }
    for (ContinuousBatch.Sequence s : new ArrayList<>(batch.active())) {
      batch.leave(s);
    }
    owner.clear();
    rows = 0;
  }

  private synchronized boolean isFinished() {
    return finished;
  }

  /** Waits for a request while nothing runs; null after a while. */
  private Job pollIdle() {
    try {
      return incoming.poll(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (this) {
        finished = true; // nobody interrupts this thread but a JVM shutting down
      }
      return null;
    }
  }

  /** Requests whose client went away or whose time ran out leave the batch (their rows free at once). */
  private void dropStopped() {
    List<Job> stopped = null;
    for (Job job : live) {
      if (job.stop.getAsBoolean()) {
        if (stopped == null) {
          stopped = new ArrayList<>();
        }
        stopped.add(job);
      }
    }
    if (stopped != null) {
      for (Job job : stopped) {
        metrics.stopped();
        answer(job, null, new Stopped());
      }
    }
  }

  /** Fills free rows of the batch with waiting rows, oldest request first (a request may span several steps' admissions). */
  private void admit() {
    while (batch.free() > 0 && !waiting.isEmpty()) {
      Job job = waiting.peek();
      int row = job.admitted++;
      ContinuousBatch.Sequence s = batch.join(job.prompts[row], job.options, row, job.listener);
      job.running.add(s);
      owner.put(s, job);
      if (job.admitted == job.prompts.length) {
        waiting.poll();
      }
    }
    rows = batch.size();
  }

  private void step() {
    int size = batch.size();
    List<ContinuousBatch.Sequence> ended = batch.step();
    metrics.batchStep(model, size);
    for (ContinuousBatch.Sequence s : ended) {
      Job job = owner.remove(s);
      job.running.remove(s);
      if (s.failure() != null) {
        answer(job, null, s.failure());
        continue;
      }
      job.done[s.row()] = s.completion();
      if (++job.ended == job.prompts.length) {
        answer(job, Arrays.asList(job.done), null);
      }
    }
    rows = batch.size();
  }

  /** Takes a request out of the worker and answers it: with its completions, or failed with {@code error}. */
  private void answer(Job job, List<Sampler.Completion> out, Throwable error) {
    if (!live.contains(job)) {
      return; // answered already
    }
    List<Sampler.Completion> result = error == null ? List.copyOf(out) : null; // may throw: before any change
    live.remove(job);
    waiting.remove(job);
    for (ContinuousBatch.Sequence s : job.running) {
      batch.leave(s);
      owner.remove(s);
    }
    job.running.clear();
    held.addAndGet(-job.prompts.length);
    depth.decrementAndGet(); // before the answer: a client that sends its next request at once finds room
    if (error == null) {
      job.result.complete(result);
    } else {
      job.result.completeExceptionally(error);
    }
  }
}
