package dev.fabrica.spark.prep;

import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.JsonFormat;
import dev.fabrica.data.format.JsonSplits;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A JSONL input read in parallel, a byte range per task, with the columns and rows of fabrica's
 * reader: one job {@link JsonSplits#scan scans} every range from each string state, the driver
 * follows the true state and depth through the scans to find each range's first record and its
 * line, a second job collects each range's keys (merged in range order: the whole file's columns in
 * order of first appearance, which the embedded reader finds in a first pass over the file), and a
 * third reads each range's rows with {@link JsonFormat#openRange}. A file whose brackets or strings
 * do not close is left to the one-task reader, which names the error as the embedded engine does.
 */
final class JsonlInput {
  private final String path;
  private final Params input;
  private final List<JsonSplits.Range> ranges;
  private List<String> columns;

  private JsonlInput(String path, Params input, List<JsonSplits.Range> ranges) {
    this.path = path;
    this.input = input;
    this.ranges = ranges;
  }

  /** The ranges of {@code path}, or null when it is not worth splitting or cannot be split exactly. */
  static JsonlInput plan(SparkSession spark, Path file, Params input, int parts) throws IOException {
    input.allowOnly("path", "format"); // as the embedded reader checks, here on the driver
    long size = Files.size(file);
    long[] bounds = size == 0 || !utf8(file) ? null : RangeReads.bounds(spark, 0, size, parts);
    if (bounds == null) {
      return null;
    }
    String path = file.toString();
    int n = bounds.length - 1;
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<JsonSplits.Scan> scans;
    try {
      scans = sc.parallelize(IntStream.range(0, n).boxed().toList(), n)
          .map(k -> JsonSplits.scan(Path.of(path), bounds[k], bounds[k + 1])).collect();
    } catch (Exception e) { // a job's failure: SparkException is checked, and Scala throws it undeclared
      throw SparkPrep.withBadInput(e);
    }
    List<JsonSplits.Range> ranges = JsonSplits.ranges(bounds, scans);
    return ranges == null ? null : new JsonlInput(path, input, ranges);
  }

  /**
   * Whether Jackson reads the file as UTF-8, as a range that starts mid-file is read: UTF-16 and
   * UTF-32 (which Jackson detects from the first bytes) have a zero byte or their own byte order
   * mark among the first four bytes.
   */
  private static boolean utf8(Path file) throws IOException {
    byte[] head = new byte[4];
    int n;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        return false;
      }
    }
    return n < 2 || !((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF || (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE);
  }

  /** The file's columns, or null when no record has a field (the one-task reader then says so). */
  List<String> columns(SparkSession spark) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String p = path;
    try {
      List<List<String>> keys = sc.parallelize(new ArrayList<>(ranges), ranges.size())
          .map(r -> RangeReads.marked(() -> jsonl().keysInRange(Path.of(p), r))).collect();
      Set<String> all = new LinkedHashSet<>();
      keys.forEach(all::addAll); // in range order: the order of first appearance
      columns = List.copyOf(all);
    } catch (Exception e) { // a job's failure: SparkException is checked, and Scala throws it undeclared
      throw RangeReads.named(e, path, "jsonl", input);
    }
    return columns.isEmpty() ? null : columns;
  }

  /** The rows, a range per partition. */
  JavaRDD<Row> read(SparkSession spark) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String p = path;
    Params in = input;
    List<String> names = columns;
    return sc.parallelize(new ArrayList<>(ranges), ranges.size()).mapPartitions(it -> {
      JsonSplits.Range range = it.next();
      return RangeReads.rows(() -> jsonl().openRange(Path.of(p), in, names, range));
    });
  }

  private static JsonFormat jsonl() {
    return (JsonFormat) Formats.input("jsonl", "input.format");
  }
}
