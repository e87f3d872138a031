package dev.fabrica.spark;

import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The rows of an input file, read by fabrica's own reader (the same cell typing and line numbers as
 * the embedded engine) on a thread of its own, handed over in batches through a bounded queue, so
 * a Spark task can iterate over a file of any size in bounded memory.
 */
public final class SourceIterator implements Iterator<Row> {
  private static final int BATCH = 4096;
  private static final List<Row> END = List.of();

  private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(4);
  private final Thread reader;
  private volatile Throwable failure;
  private Iterator<Row> current = List.<Row>of().iterator();
  private boolean done;

  /** An input opened where the task runs. */
  @FunctionalInterface
  public interface Opener extends java.io.Serializable {
    RowSource open() throws IOException;
  }

  /** @param path the input file (a string: {@link Path} is not serializable, and this is built in a task) */
  public SourceIterator(String path, String format, Params input) {
    this(() -> ExternalRun.open(Path.of(path), format, input));
  }

  /** The rows of what {@code opener} opens, on the reading thread. */
  public SourceIterator(Opener opener) {
    reader = new Thread(() -> {
      List<Row>[] batch = newBatch();
      try (RowSource source = opener.open()) {
        source.read(r -> {
          batch[0].add(r);
          if (batch[0].size() == BATCH) {
            put(batch[0]);
            batch[0] = new ArrayList<>(BATCH);
          }
        });
        put(batch[0]);
      } catch (Throwable e) {
        failure = e;
      } finally {
        try {
          put(END);
        } catch (RuntimeException interrupted) {
          // the task was cancelled: nobody reads any more
        }
      }
    }, "fabrica-spark-read");
    reader.setDaemon(true);
    reader.start();
  }

  @SuppressWarnings("unchecked")
  private static List<Row>[] newBatch() {
    return new List[] {new ArrayList<Row>(BATCH)};
  }

  private void put(List<Row> batch) {
    try {
      queue.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("reading was interrupted", e);
    }
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext() && !done) {
      List<Row> next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        reader.interrupt();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("reading was interrupted", e);
      }
      if (next == END) {
        done = true;
        Throwable f = failure;
        if (f instanceof IOException io) {
          throw new UncheckedIOException(io);
        }
        if (f instanceof RuntimeException r) {
          throw r;
        }
        if (f instanceof Error e) {
          throw e;
        }
        if (f != null) {
          throw new IllegalStateException(f);
        }
      } else {
        current = next.iterator();
      }
    }
    return current.hasNext();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
