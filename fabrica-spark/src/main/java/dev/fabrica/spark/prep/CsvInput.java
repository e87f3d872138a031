package dev.fabrica.spark.prep;

import dev.fabrica.data.format.CsvFormat;
import dev.fabrica.data.format.CsvSplits;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * closing quote) is left to the one-task reader, which names the error as the embedded engine does;
 * a bad record met in a range is named as the embedded engine names the first ({@link RangeReads}).
 */
final class CsvInput {
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
    long[] bounds = RangeReads.bounds(spark, start, size, parts);
    if (bounds == null) {
      return null;
    }
    int n = bounds.length - 1;
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
      return RangeReads.rows(() -> csv(format, input).openRange(Path.of(path), input, names, range));
    });
  }

  private static CsvFormat csv(String format, Params input) {
    return (CsvFormat) Formats.input(format, input.at("format"));
  }
}
