package dev.fabrica.spark.prep;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import dev.fabrica.spark.SourceIterator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What reading a file in byte ranges shares (CSV, JSONL): a range's bad input is marked as met in a
 * range, and the driver then names the first bad record of the file, as the embedded engine does.
 */
final class RangeReads {
  /** Spark configuration key: the bytes per range (default: the file over the partitions, at least {@value #MIN_RANGE} bytes). */
  static final String RANGE_BYTES = "spark.fabrica.input.rangeBytes";
  static final long MIN_RANGE = 8L << 20;

  private RangeReads() {}

  /** The ranges' bounds over {@code [start, size)} for {@code parts} partitions, or null when one range would do. */
  static long[] bounds(org.apache.spark.sql.SparkSession spark, long start, long size, int parts) {
    String conf = spark.conf().get(RANGE_BYTES, "");
    long bytes;
    try {
      bytes = conf.isEmpty() ? Math.max(MIN_RANGE, (size - start + parts - 1) / parts) : Long.parseLong(conf.strip());
    } catch (NumberFormatException e) {
      throw new BadInputException(RANGE_BYTES + ": expected a number of bytes, got '" + conf + "'");
    }
    if (bytes <= 0) {
      throw new BadInputException(RANGE_BYTES + ": expected a positive number of bytes, got " + bytes);
    }
    long[] b = dev.fabrica.data.format.CsvSplits.bounds(start, size, bytes);
    return b.length > 2 ? b : null;
  }

  /** The rows of one range's source, on a reading thread, its bad input marked as {@link RangeError}. */
  static SourceIterator rows(SourceIterator.Opener opener) {
    return new SourceIterator(() -> new InRange(opener.open()));
  }

  /** Runs {@code action} on a range's reader, marking its bad input as {@link RangeError}. */
  static <T> T marked(IoSupplier<T> action) throws IOException {
    try {
      return action.get();
    } catch (BadInputException e) {
      throw new RangeError(e);
    }
  }

  @FunctionalInterface
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  private record InRange(RowSource source) implements RowSource {
    @Override
    public List<String> columns() {
      return source.columns();
    }

    @Override
    public void read(Consumer<Row> sink) throws IOException {
      marked(() -> {
        source.read(sink);
        return null;
      });
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }

  /**
   * Bad input a range's reader met. Several ranges may hold bad records, and Spark reports the task
   * that failed first, so the driver reads the file in one piece to name the first ({@link #named}).
   */
  static final class RangeError extends BadInputException {
    RangeError(BadInputException e) {
      super(e.getMessage(), e);
    }
  }

  /**
   * {@code e} as the command reports it: bad input met in a range becomes the first error fabrica's
   * reader meets reading {@code path} in one piece (the embedded engine's), other bad input as raised.
   */
  static RuntimeException named(Exception e, String path, String format, Params input) {
    RuntimeException r = SparkPrep.withBadInput(e);
    if (r instanceof BadInputException b && metInRange(e)) {
      return firstError(path, format, input, b);
    }
    return r;
  }

  private static boolean metInRange(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RangeError) {
        return true;
      }
    }
    return false;
  }

  private static BadInputException firstError(String path, String format, Params input, BadInputException otherwise) {
    try (RowSource source = ExternalRun.open(Path.of(path), format, input)) {
      source.read(r -> {});
    } catch (BadInputException e) {
      return e;
    } catch (IOException e) {
      return otherwise;
    }
    return otherwise;
  }
}
