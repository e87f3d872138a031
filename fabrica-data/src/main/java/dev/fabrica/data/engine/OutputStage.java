package dev.fabrica.data.engine;

import dev.fabrica.data.format.RowWriter;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.RowStore;
import dev.fabrica.data.table.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Writes the result of a run: each split to {@code train.*}, {@code val.*}, {@code test.*} (or
 * {@code data.*} without a split) in every format. Formats that stream are fed rows as they come
 * ({@link #stream}), each format on a thread of its own when more than one thread is allowed, so
 * the last pass of a recipe can write its files directly; a split's file is opened at its first
 * row, so a split that gets no rows gets no file. Formats that need the whole dataset read a stored
 * result once per file ({@link #writeStored}).
 */
final class OutputStage {
  private static final int BATCH = 2048;
  private static final List<Row> END = List.of();
  private static final byte[] SPLITS = {Row.NO_SPLIT, Row.TRAIN, Row.VAL, Row.TEST};

  private final Path dir;
  private final int threads;
  private final List<FormatSinks> written = new ArrayList<>();
  private final List<RowWriter> wholeFormats = new ArrayList<>();

  OutputStage(Path dir, int threads) {
    this.dir = dir;
    this.threads = threads;
  }

  static String fileName(byte split, RowWriter w) {
    return (split == Row.NO_SPLIT ? "data" : Row.splitName(split)) + "." + w.extension();
  }

  /** Writes a stored result in every format: the streaming ones from one read of it. */
  void writeStored(RowStore result, List<RowWriter> writers) throws IOException {
    List<RowWriter> streaming = writers.stream().filter(RowWriter::streams).toList();
    if (!streaming.isEmpty()) {
      try (Feed feed = stream(result.schema(), streaming)) {
        result.forEachReadOnly(feed);
      }
    }
    for (RowWriter w : writers) {
      if (!w.streams()) {
        wholeFormats.add(w);
        for (byte s : SPLITS) {
          if (result.size(s) > 0) {
            w.write(s == Row.NO_SPLIT ? result : result.split(s), dir.resolve(fileName(s, w)));
          }
        }
      }
    }
  }

  /** A consumer that writes each row it is given in every format; closing it completes the files. */
  Feed stream(Schema schema, List<RowWriter> writers) {
    List<FormatSinks> formats = new ArrayList<>();
    for (RowWriter w : writers) {
      formats.add(new FormatSinks(w, schema));
    }
    written.addAll(formats);
    return threads <= 1 || formats.size() == 1 ? new InlineFeed(formats) : new ThreadedFeed(formats);
  }

  /**
   * One entry per file written (name, format, rows, seconds), formats in the recipe's order.
   *
   * @param splitSizes rows per split code + 1, as {@link ResultSummary} counted them
   */
  List<Map<String, Object>> files(long[] splitSizes, List<RowWriter> writers) {
    long total = 0;
    for (long n : splitSizes) {
      total += n;
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (RowWriter w : writers) {
      FormatSinks f = written.stream().filter(x -> x.writer == w).findFirst().orElse(null);
      for (byte s : SPLITS) {
        long rows = splitSizes[s + 1];
        if (f != null ? f.sinks[s + 1] == null : rows == 0) {
          continue;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", fileName(s, w));
        e.put("format", w.name());
        e.put("rows", rows);
        // a format's files are written together, so each gets the format's time by its share of rows
        e.put("seconds", f == null || total == 0 ? 0.0 : f.nanos / 1e9 * rows / total);
        files.add(e);
      }
    }
    return files;
  }

  /** Rows in; every format's files out. */
  interface Feed extends Consumer<Row>, AutoCloseable {
    /** Writes what is pending and completes the files; later calls do nothing. */
    @Override
    void close() throws IOException;
  }

  /** One format's files, by split code + 1, opened at their first row, and the time spent writing them. */
  private final class FormatSinks implements AutoCloseable {
    final RowWriter writer;
    final Schema schema;
    final RowWriter.Sink[] sinks = new RowWriter.Sink[4];
    long nanos;

    FormatSinks(RowWriter writer, Schema schema) {
      this.writer = writer;
      this.schema = schema;
    }

    void accept(List<Row> batch) throws IOException {
      long t0 = System.nanoTime();
      for (Row r : batch) {
        RowWriter.Sink sink = sinks[r.split() + 1];
        if (sink == null) {
          sink = sinks[r.split() + 1] = writer.open(schema, dir.resolve(fileName(r.split(), writer)));
        }
        sink.accept(r);
      }
      nanos += System.nanoTime() - t0;
    }

    @Override
    public void close() throws IOException {
      long t0 = System.nanoTime();
      IOException first = null;
      for (RowWriter.Sink s : sinks) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException e) {
            first = first == null ? e : first;
          }
        }
      }
      nanos += System.nanoTime() - t0;
      if (first != null) {
        throw first;
      }
    }
  }

  private static IOException closeAll(List<FormatSinks> formats) {
    IOException first = null;
    for (FormatSinks f : formats) {
      try {
        f.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    return first;
  }

  /** Every format written on the calling thread, batch by batch. */
  private static final class InlineFeed implements Feed {
    private final List<FormatSinks> formats;
    private final List<Row> batch = new ArrayList<>(BATCH);
    private boolean closed;

    InlineFeed(List<FormatSinks> formats) {
      this.formats = formats;
    }

    @Override
    public void accept(Row r) {
      batch.add(r);
      if (batch.size() == BATCH) {
        flush();
      }
    }

    private void flush() {
      for (FormatSinks f : formats) {
        try {
          f.accept(batch);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      batch.clear();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        flush();
      } finally {
        IOException e = closeAll(formats);
        if (e != null) {
          throw e;
        }
      }
    }
  }

  /** One thread per format, each fed the same read-only batches through a small queue. */
  private static final class ThreadedFeed implements Feed {
    private final List<FormatSinks> formats;
    private final List<BlockingQueue<List<Row>>> queues = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Throwable[] failure = new Throwable[1];
    private List<Row> batch = new ArrayList<>(BATCH);
    private boolean closed;

    ThreadedFeed(List<FormatSinks> formats) {
      this.formats = formats;
      for (FormatSinks f : formats) {
        BlockingQueue<List<Row>> q = new ArrayBlockingQueue<>(16);
        queues.add(q);
        Thread t = new Thread(() -> {
          try {
            // after a failure the worker keeps draining its queue, so the feeder never blocks on it
            for (List<Row> b = q.take(); b != END; b = q.take()) {
              if (failure[0] == null) {
                try {
                  f.accept(b);
                } catch (Throwable e) {
                  synchronized (failure) {
                    failure[0] = failure[0] == null ? e : failure[0];
                  }
                }
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "fabrica-write-" + f.writer.name());
        t.setDaemon(true);
        workers.add(t);
        t.start();
      }
    }

    @Override
    public void accept(Row r) {
      batch.add(r);
      if (batch.size() == BATCH) {
        put(batch);
        batch = new ArrayList<>(BATCH);
      }
    }

    private void put(List<Row> b) {
      if (failure[0] != null) {
        Failures.rethrowUnchecked(failure[0]);
      }
      for (BlockingQueue<List<Row>> q : queues) {
        putQuietly(q, b);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        put(batch);
      } finally {
        for (BlockingQueue<List<Row>> q : queues) {
          putQuietly(q, END);
        }
        for (Thread t : workers) {
          try {
            t.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        IOException e = closeAll(formats);
        if (failure[0] != null) {
          Failures.rethrow(failure[0]);
        }
        if (e != null) {
          throw e;
        }
      }
    }

    private static void putQuietly(BlockingQueue<List<Row>> q, List<Row> b) {
      try {
        q.put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing outputs", e);
      }
    }
  }
}
