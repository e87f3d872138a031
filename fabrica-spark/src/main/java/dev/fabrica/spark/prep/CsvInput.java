package dev.fabrica.spark.prep;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.format.CsvFormat;
import dev.fabrica.data.format.CsvSplits;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import dev.fabrica.spark.SourceIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A CSV or TSV input read in parallel, a byte range per task, with the rows of fabrica's reader
 * (the same cells, line numbers and errors): one job {@link CsvSplits#scan scans} every range from
 * each parser state, the driver follows the true state through the scans to find where each
 * range's first record starts and on which line, and a second job reads each range with {@link
 * CsvFormat#openRange}. A file that breaks the CSV grammar (a quote never closed, text after a
 * closing quote) is left to the one-task reader, which names the error as the embedded engine does.
 */
final class CsvInput {
  /** Spark configuration key: the bytes per range (default: the file over the partitions, at least {@value #MIN_RANGE} bytes). */
  static final String RANGE_BYTES = "spark.fabrica.input.rangeBytes";
  static final long MIN_RANGE = 8L << 20;

  private CsvInput() {}

  /**
   * The rows of {@code path}, a range per partition, or null when it is not worth splitting (one
   * range) or cannot be split exactly; then fabrica's reader reads it in one task.
   */
  static JavaRDD<Row> read(SparkSession spark, String path, String format, Params input, List<String> columns, int parts)
      throws IOException {
    CsvFormat csv = csv(format, input);
    byte delimiter = csv.delimiter(input);
    boolean header = csv.header(input);
    if (!CsvSplits.splittable(delimiter)) {
      return null;
    }
    Path file = Path.of(path);
    long size = Files.size(file);
    long start = CsvSplits.dataStart(file);
    String conf = spark.conf().get(RANGE_BYTES, "");
    long bytes = conf.isEmpty() ? Math.max(MIN_RANGE, (size - start + parts - 1) / parts) : Long.parseLong(conf);
    long[] bounds = CsvSplits.bounds(start, size, bytes);
    int n = bounds.length - 1;
    if (n < 2) {
      return null;
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> indexes = IntStream.range(0, n).boxed().toList();
    List<CsvSplits.Scan> scans = sc.parallelize(indexes, n)
        .map(k -> CsvSplits.scan(Path.of(path), delimiter, bounds[k], bounds[k + 1])).collect();
    List<CsvSplits.Range> ranges = CsvSplits.ranges(bounds, scans, header);
    if (ranges == null) {
      return null;
    }
    List<String> names = List.copyOf(columns);
    return sc.parallelize(new ArrayList<>(ranges), n).mapPartitions(it -> {
      CsvSplits.Range range = it.next();
      return new SourceIterator(() -> new InRange(csv(format, input).openRange(Path.of(path), input, names, range)));
    });
  }

  private static CsvFormat csv(String format, Params input) {
    return (CsvFormat) Formats.input(format, input.at("format"));
  }

  /** A range's source, whose bad input is marked as met in a range ({@link RangeError}). */
  private record InRange(RowSource source) implements RowSource {
    @Override
    public List<String> columns() {
      return source.columns();
    }

    @Override
    public void read(Consumer<Row> sink) throws IOException {
      try {
        source.read(sink);
      } catch (BadInputException e) {
        throw new RangeError(e);
      }
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }

  /**
   * Bad input a range's reader met. Several ranges may hold bad records, and Spark reports the task
   * that failed first, so the driver reads the file in one piece to name the first, as the embedded
   * engine does ({@link #firstError}).
   */
  static final class RangeError extends BadInputException {
    RangeError(BadInputException e) {
      super(e.getMessage(), e);
    }
  }

  /** The error fabrica's reader meets first in {@code path}, or {@code otherwise} when it reads the whole file. */
  static BadInputException firstError(String path, String format, Params input, BadInputException otherwise) {
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
