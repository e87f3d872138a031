package dev.fabrica.data.engine;

import dev.fabrica.data.format.RowWriter;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.RowStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes the result of a run: each split to {@code train.*}, {@code val.*}, {@code test.*} (or
 * {@code data.*} without a split) in every format. Formats that stream are all fed from one read of
 * the result, each format on a thread of its own when more than one thread is allowed; the others
 * read the result once per file.
 */
final class OutputStage {
  private static final int BATCH = 2048;
  private static final List<Row> END = List.of();

  private final RowStore result;
  private final byte[] splits;
  private final Path dir;
  private final int threads;
  private final List<Map<String, Object>> files = new ArrayList<>();

  OutputStage(RowStore result, boolean split, Path dir, int threads) {
    this.result = result;
    this.dir = dir;
    this.threads = threads;
    List<Byte> present = new ArrayList<>();
    for (byte s : split ? new byte[] {Row.TRAIN, Row.VAL, Row.TEST} : new byte[] {Row.NO_SPLIT}) {
      if (s == Row.NO_SPLIT || result.size(s) > 0) { // a split given fraction 0 gets no file
        present.add(s);
      }
    }
    this.splits = new byte[present.size()];
    for (int i = 0; i < splits.length; i++) {
      splits[i] = present.get(i);
    }
  }

  static String fileName(byte split, RowWriter w) {
    return (split == Row.NO_SPLIT ? "data" : Row.splitName(split)) + "." + w.extension();
  }

  /** Writes every file; returns one entry per file (name, format, rows, seconds). */
  List<Map<String, Object>> write(List<RowWriter> writers) throws IOException {
    List<RowWriter> streaming = writers.stream().filter(RowWriter::streams).toList();
    if (!streaming.isEmpty()) {
      writeStreaming(streaming);
    }
    for (RowWriter w : writers) {
      if (!w.streams()) {
        for (byte s : splits) {
          long t0 = System.nanoTime();
          w.write(s == Row.NO_SPLIT ? result : result.split(s), dir.resolve(fileName(s, w)));
          files.add(entry(fileName(s, w), w, s, (System.nanoTime() - t0) / 1e9));
        }
      }
    }
    return files;
  }

  private Map<String, Object> entry(String name, RowWriter w, byte split, double seconds) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("file", name);
    f.put("format", w.name());
    f.put("rows", split == Row.NO_SPLIT ? result.size() : result.size(split));
    f.put("seconds", seconds);
    return f;
  }

  /** One format's open files, by split code + 1, and the time spent writing them. */
  private final class FormatSinks implements AutoCloseable {
    final RowWriter writer;
    final RowWriter.Sink[] sinks = new RowWriter.Sink[4];
    long nanos;

    FormatSinks(RowWriter writer) throws IOException {
      this.writer = writer;
      for (byte s : splits) {
        sinks[s + 1] = writer.open(result.schema(), dir.resolve(fileName(s, writer)));
      }
    }

    void accept(List<Row> batch) throws IOException {
      long t0 = System.nanoTime();
      for (Row r : batch) {
        sinks[r.split() + 1].accept(r);
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

  private void writeStreaming(List<RowWriter> writers) throws IOException {
    List<FormatSinks> formats = new ArrayList<>();
    try {
      for (RowWriter w : writers) {
        formats.add(new FormatSinks(w));
      }
      if (threads <= 1 || formats.size() == 1) {
        List<Row> batch = new ArrayList<>(BATCH);
        result.forEachReadOnly(r -> {
          batch.add(r);
          if (batch.size() == BATCH) {
            feedAll(formats, batch);
            batch.clear();
          }
        });
        feedAll(formats, batch);
      } else {
        parallel(formats);
      }
    } finally {
      IOException first = null;
      for (FormatSinks f : formats) {
        try {
          f.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
    for (FormatSinks f : formats) {
      // the files of one format are written together, so each gets the format's time by its share of rows
      double secs = f.nanos / 1e9;
      for (byte s : splits) {
        double share = result.size() == 0 ? 0 : (double) (s == Row.NO_SPLIT ? result.size() : result.size(s)) / result.size();
        files.add(entry(fileName(s, f.writer), f.writer, s, secs * share));
      }
    }
  }

  private static void feedAll(List<FormatSinks> formats, List<Row> batch) {
    for (FormatSinks f : formats) {
      try {
        f.accept(batch);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One thread per format, each fed the same read-only batches through a small queue. */
  private void parallel(List<FormatSinks> formats) throws IOException {
    List<BlockingQueue<List<Row>>> queues = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (FormatSinks f : formats) {
      BlockingQueue<List<Row>> q = new ArrayBlockingQueue<>(16);
      queues.add(q);
      Thread t = new Thread(() -> {
        try {
          // after a failure the worker keeps draining its queue, so the reader never blocks on it
          for (List<Row> batch = q.take(); batch != END; batch = q.take()) {
            if (failure[0] == null) {
              try {
                f.accept(batch);
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
    @SuppressWarnings("unchecked")
    List<Row>[] batch = new List[] {new ArrayList<>(BATCH)};
    try {
      result.forEachReadOnly(r -> {
        batch[0].add(r);
        if (batch[0].size() == BATCH) {
          put(queues, batch[0], failure);
          batch[0] = new ArrayList<>(BATCH);
        }
      });
      put(queues, batch[0], failure);
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
    }
    if (failure[0] != null) {
      Failures.rethrow(failure[0]);
    }
  }

  private static void put(List<BlockingQueue<List<Row>>> queues, List<Row> batch, Throwable[] failure) {
    if (failure[0] != null) {
      Failures.rethrowUnchecked(failure[0]);
    }
    for (BlockingQueue<List<Row>> q : queues) {
      putQuietly(q, batch);
    }
  }

  private static void putQuietly(BlockingQueue<List<Row>> q, List<Row> batch) {
    try {
      q.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing outputs", e);
    }
  }



}
