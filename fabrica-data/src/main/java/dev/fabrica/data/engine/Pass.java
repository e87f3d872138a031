package dev.fabrica.data.engine;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One streaming pass: rows from a source go through a chain of steps into a sink. With more than one
 * thread, the source is read on a thread of its own, and the leading steps that are {@link
 * Step#parallelSafe()} run on the worker pool over batches of rows; the remaining steps and the sink
 * run on the calling thread in input order, so the result is the same row for row as with one thread.
 */
final class Pass {
  private static final int BATCH = 1024;
  /** Step times are measured on one row in this many and scaled up. */
  static final int TIME_SAMPLE = 16;
  private static final List<Row> END = List.of();

  /** Something that hands every row of a source to a consumer, once. */
  @FunctionalInterface
  interface Source {
    void read(Consumer<Row> rows) throws IOException;
  }

  private final List<StepRun> steps;
  private final Consumer<Row> sink;
  private final Path inputPath;
  private final ExecutorService pool;
  private final int threads;
  private final boolean timing;
  private long readNanos;

  /**
   * @param steps the steps of this pass, in order
   * @param sink where their output goes
   * @param inputPath named in errors about rows
   * @param pool workers for parallel-safe steps (null with one thread)
   * @param threads allowed threads
   * @param timing measure step times
   */
  Pass(List<StepRun> steps, Consumer<Row> sink, Path inputPath, ExecutorService pool, int threads, boolean timing) {
    this.steps = steps;
    this.sink = sink;
    this.inputPath = inputPath;
    this.pool = pool;
    this.threads = threads;
    this.timing = timing;
  }

  /** Nanoseconds the source took (reading and decoding), when timing. */
  long readNanos() {
    return readNanos;
  }

  /** Runs the pass; returns the number of rows read from the source. */
  long run(Source source, Reporter.Progress progress) throws IOException {
    boolean examples = steps.stream().anyMatch(StepRun::wantsExample);
    if (threads <= 1 || pool == null || examples) {
      return sequential(source, progress);
    }
    int prefix = 0;
    while (prefix < steps.size() && steps.get(prefix).step.parallelSafe()) {
      prefix++;
    }
    List<StepRun> serial = steps.subList(prefix, steps.size());
    Tally tally = new Tally(serial.size());
    Chain rest = new Chain(chain(serial, sink, tally), tally);
    try {
      return threaded(source, progress, steps.subList(0, prefix), rest);
    } finally {
      tally.addTo(serial);
    }
  }

  private long sequential(Source source, Reporter.Progress progress) throws IOException {
    Tally tally = new Tally(steps.size());
    Consumer<Row> chain = chain(steps, sink, tally);
    long[] count = {0};
    long[] inChain = {0};
    long start = System.nanoTime();
    try {
      source.read(row -> {
        boolean timed = tally.startRow();
        long t0 = timed ? System.nanoTime() : 0;
        push(chain, row);
        if (timed) {
          inChain[0] += (System.nanoTime() - t0) * Tally.SAMPLE;
        }
        if ((++count[0] & (BATCH - 1)) == 0) {
          progress.step(BATCH);
        }
      });
    } finally {
      tally.addTo(steps);
    }
    progress.step(count[0] & (BATCH - 1));
    if (timing) {
      readNanos = Math.max(0, System.nanoTime() - start - inChain[0]);
    }
    return count[0];
  }

  /** Runs a row through a chain, naming the input file and line when a step rejects the row. */
  private static void push(Consumer<Row> chain, Row row, Path inputPath) {
    long line = row.line();
    try {
      chain.accept(row);
    } catch (RowError e) {
      throw new BadInputException(inputPath + " line " + line + ": " + e.getMessage(), e);
    }
  }

  private void push(Consumer<Row> chain, Row row) {
    push(chain, row, inputPath);
  }

  private long threaded(Source source, Reporter.Progress progress, List<StepRun> parallel, Chain rest)
      throws IOException {
    BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(8);
    Throwable[] readFailure = new Throwable[1];
    java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    Thread reader = new Thread(() -> {
      long start = System.nanoTime();
      long[] waiting = {0};
      List<Row>[] batch = newBatch();
      try {
        source.read(r -> {
          batch[0].add(r);
          if (batch[0].size() == BATCH) {
            waiting[0] += offer(queue, batch[0], cancelled);
            batch[0] = new ArrayList<>(BATCH);
          }
        });
        waiting[0] += offer(queue, batch[0], cancelled);
      } catch (Throwable e) {
        readFailure[0] = e;
      } finally {
        if (timing) {
          readNanos = System.nanoTime() - start - waiting[0];
        }
        offer(queue, END, cancelled);
      }
    }, "fabrica-read");
    reader.setDaemon(true);
    reader.start();

    long count = 0;
    ArrayDeque<Future<List<Row>>> window = new ArrayDeque<>();
    int maxWindow = 2 * threads;
    try {
      while (true) {
        List<Row> batch = take(queue);
        if (batch == END) {
          break;
        }
        count += batch.size();
        if (parallel.isEmpty()) {
          for (Row r : batch) {
            rest.startRow();
            push(rest, r);
          }
        } else {
          window.add(pool.submit(() -> {
            List<Row> out = new ArrayList<>(batch.size());
            Tally tally = new Tally(parallel.size());
            Consumer<Row> c = chain(parallel, out::add, tally);
            try {
              for (Row r : batch) {
                tally.startRow();
                push(c, r);
              }
            } finally {
              tally.addTo(parallel);
            }
            return out;
          }));
          while (window.size() >= maxWindow) {
            drain(window.poll(), rest);
          }
        }
        progress.step(batch.size());
      }
      while (!window.isEmpty()) {
        drain(window.poll(), rest);
      }
    } catch (RuntimeException | Error e) {
      cancelled.set(true);
      queue.clear();
      for (Future<List<Row>> f : window) {
        f.cancel(true);
      }
      throw e;
    } finally {
      cancelled.set(true);
      queue.clear();
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (readFailure[0] != null) {
      rethrow(readFailure[0]);
    }
    return count;
  }

  private void drain(Future<List<Row>> f, Chain rest) {
    List<Row> rows;
    try {
      rows = f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    for (Row r : rows) {
      rest.startRow();
      push(rest, r);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Row>[] newBatch() {
    return new List[] {new ArrayList<>(BATCH)};
  }

  /** Puts a batch unless the pass was cancelled; returns the nanoseconds spent waiting. */
  private static long offer(BlockingQueue<List<Row>> q, List<Row> batch, java.util.concurrent.atomic.AtomicBoolean cancelled) {
    long t0 = System.nanoTime();
    try {
      while (!cancelled.get() && !q.offer(batch, 50, TimeUnit.MILLISECONDS)) {
        // the consumer is busy; wait unless it gave up
      }
      if (cancelled.get() && batch != END) {
        throw new CancelledPass();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledPass();
    }
    return System.nanoTime() - t0;
  }

  private static List<Row> take(BlockingQueue<List<Row>> q) {
    try {
      return q.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (!(t instanceof CancelledPass)) {
      Failures.rethrow(t);
    }
  }


  /** Unwinds the reader when the consumer stopped. */
  private static final class CancelledPass extends RuntimeException {
    CancelledPass() {
      super("pass cancelled", null, false, false);
    }
  }

  /**
   * Rows in and out and time spent per step, counted by one chain on one thread and added to the
   * steps' shared totals once, at the end of its batch or pass, instead of once per row. Time is
   * measured on one row in {@link #SAMPLE} and scaled up, since reading the clock around every step
   * of every row cost as much as a cheap step itself.
   */
  private final class Tally {
    static final int SAMPLE = TIME_SAMPLE;
    final long[] in;
    final long[] out;
    final long[] nanos;
    long rows;
    boolean timed;

    Tally(int steps) {
      in = new long[steps];
      out = new long[steps];
      nanos = new long[steps];
    }

    /** Starts a row at the head of the chain; returns whether it is timed. */
    boolean startRow() {
      timed = timing && (rows++ % SAMPLE) == 0;
      return timed;
    }

    void addTo(List<StepRun> runs) {
      for (int i = 0; i < runs.size(); i++) {
        runs.get(i).rowsIn.add(in[i]);
        runs.get(i).rowsOut.add(out[i]);
        runs.get(i).nanos.add(nanos[i] * SAMPLE);
      }
    }
  }

  /** A chain of steps with its tally, for rows pushed one at a time. */
  private record Chain(Consumer<Row> head, Tally tally) implements Consumer<Row> {
    void startRow() {
      tally.startRow();
    }

    @Override
    public void accept(Row r) {
      head.accept(r);
    }
  }

  /** Composes steps into one consumer, counting rows into and out of each step in {@code tally}. */
  private Consumer<Row> chain(List<StepRun> runs, Consumer<Row> end, Tally tally) {
    Consumer<Row> next = end;
    for (int i = runs.size() - 1; i >= 0; i--) {
      StepRun s = runs.get(i);
      int at = i;
      Consumer<Row> downstream = next;
      Consumer<Row> countingDownstream = r -> {
        tally.out[at]++;
        if (s.currentOut != null) {
          s.currentOut.add(r.copy());
        }
        boolean timed = tally.timed;
        long t0 = timed ? System.nanoTime() : 0;
        downstream.accept(r);
        if (timed) {
          tally.nanos[at] -= System.nanoTime() - t0;
        }
      };
      next = r -> {
        tally.in[at]++;
        Row before = s.wantsExample() ? r.copy() : null;
        if (before != null) {
          s.currentOut = new ArrayList<>(2);
        }
        boolean timed = tally.timed;
        long t0 = timed ? System.nanoTime() : 0;
        s.step.apply(r, countingDownstream);
        if (timed) {
          tally.nanos[at] += System.nanoTime() - t0;
        }
        if (before != null) {
          s.offerExample(before, s.currentOut);
          s.currentOut = null;
        }
      };
    }
    return next;
  }
}
