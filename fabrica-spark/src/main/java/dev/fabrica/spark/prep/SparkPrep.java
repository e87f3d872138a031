package dev.fabrica.spark.prep;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.engine.ResultSummary;
import dev.fabrica.data.engine.RowError;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.data.steps.DedupeStep;
import dev.fabrica.data.steps.SplitStep;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.TypeTracker;
import dev.fabrica.spark.SourceIterator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Runs a recipe on Spark with the embedded engine's semantics, so the output files, stats.json and
 * the split of every row equal the embedded engine's (fitted means and variances to rounding):
 *
 * <ul>
 *   <li>the input is read by fabrica's own reader (the same cell types and line numbers): a CSV,
 *       TSV or JSONL file a byte range per task ({@link CsvInput}, {@link JsonlInput}), any other
 *       format in one task; a Parquet
 *       file of plain columns by Spark's reader with the same cells ({@link ParquetInput}); then
 *       spread over {@code spark.default.parallelism} partitions;
 *   <li>row steps (clean_text, label, select, drop_missing, and fill_missing / normalize once
 *       fitted) are the fabrica-data steps themselves, applied by {@link StepChain} per partition;
 *   <li>a fitting step is fitted by a copy per partition, the copies merged in partition order
 *       ({@link Step#mergeFit}) on the driver, which ships the fitted step to the next chain;
 *   <li>{@code augment_text} and {@code augment_image} are row steps that emit a row and then its copies, numbered within
 *       their record ({@link Row#derive}), so (line, order) is each row's place in the embedded
 *       engine's output;
 *   <li>{@code dedupe} groups rows by {@link DedupeStep#key} and keeps the one first in (line,
 *       order), which is the first the embedded engine would see;
 *   <li>{@code split} needs each row's rank in its stratum in input order: the rows are sorted by
 *       line, each partition counts its strata, and partition p starts each stratum's ranks at the
 *       rows of that stratum in partitions before p ({@link SplitStep#assign});
 *   <li>the result is sorted by (line, order); each partition counts its splits, labels and column
 *       types; Parquet output is written by the executors ({@link ParquetOutput}), CSV, JSON and
 *       JSONL formatted by them in parts that the driver concatenates ({@link TextOutput}), and any
 *       other format is streamed to the driver partition by partition, where the embedded engine's
 *       writers write it.
 * </ul>
 *
 * (line, order) is the order key throughout: every input format numbers its rows, and the one step
 * that makes several rows from one numbers them.
 */
public final class SparkPrep {
  /** The steps this engine runs (every step there is); a recipe with another fails with a message naming the step. */
  public static final Set<String> STEPS = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
      "dedupe", "fill_missing", "drop_missing", "clean_text", "label", "select", "split", "normalize", "augment_text",
      "augment_image")));

  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final ExternalRun run;
  /** A JSONL input read in ranges, or null. */
  private final JsonlInput jsonl;
  private final String inputPath;
  private final int parts;
  private final LongAccumulator[] in;
  private final LongAccumulator[] out;
  private final List<CollectionAccumulator<Map<String, Long>>> counts = new ArrayList<>();
  private final List<JavaRDD<Row>> cached = new ArrayList<>();
  /** report.json's {@code spark} entry: how the input was read and the output written. */
  private final Map<String, Object> report = new java.util.LinkedHashMap<>();

  private SparkPrep(SparkSession spark, ExternalRun run, JsonlInput jsonl) {
    this.spark = spark;
    this.jsonl = jsonl;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.run = run;
    this.inputPath = run.inputPath().toString();
    this.parts = Math.max(1, sc.defaultParallelism());
    int k = run.stepCount();
    this.in = new LongAccumulator[k];
    this.out = new LongAccumulator[k];
    for (int i = 0; i < k; i++) {
      in[i] = sc.sc().longAccumulator(run.stepKey(i) + " rows in");
      out[i] = sc.sc().longAccumulator(run.stepKey(i) + " rows out");
      counts.add(sc.sc().collectionAccumulator(run.stepKey(i) + " counts"));
    }
  }

  /** Runs {@code recipe} on {@code spark}; the output directory appears only on success. */
  public static PrepReport run(SparkSession spark, Recipe recipe, Pipeline.Options options) {
    for (Recipe.StepSpec s : recipe.steps()) {
      if (!STEPS.contains(s.name())) {
        throw new BadInputException(s.params().where() + ": the Spark engine does not run " + s.name()
            + " (it runs " + String.join(", ", STEPS) + "); run this recipe without --engine spark");
      }
    }
    // a JSONL input's columns are its keys over the whole file: found by the executors, range by range
    JsonlInput[] jsonl = {null};
    int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
    ExternalRun.ColumnFinder keys = (path, format, input) -> {
      jsonl[0] = format.equals("jsonl") ? JsonlInput.plan(spark, path, input, partitions) : null;
      List<String> columns = jsonl[0] == null ? null : jsonl[0].columns(spark);
      jsonl[0] = columns == null ? null : jsonl[0];
      return columns;
    };
    try (ExternalRun run = ExternalRun.start(recipe, options, "spark", keys)) {
      SparkPrep p = new SparkPrep(spark, run, jsonl[0]);
      try {
        return p.execute();
      } catch (Exception e) { // Spark's SparkException is checked, and Scala throws it undeclared
        throw RangeReads.named(e, p.inputPath, run.formatName(), recipe.input());
      } finally {
        p.cached.forEach(r -> r.unpersist(true)); // blocking: a session stopped next would warn of blocks it could not remove
      }
    }
  }

  /** A failure of a Spark job reaches the driver wrapped; bad input is reported as it was raised. */
  public static RuntimeException withBadInput(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadInputException b) {
        return b == e ? b : new BadInputException(b.getMessage(), e);
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }

  private PrepReport execute() {
    JavaRDD<Row> rows = read();
    boolean ordered = false;
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < run.stepCount(); i++) {
      Step step = run.step(i);
      if (step instanceof DedupeStep d) {
        rows = dedupe(chain(rows, pending), d, i);
        ordered = false;
      } else if (step instanceof SplitStep s) {
        rows = split(inInputOrder(chain(rows, pending)), s, i);
        ordered = true;
      } else if (step.needsFit()) {
        rows = cache(chain(rows, pending));
        fit(rows, step, i);
        pending.add(i);
      } else {
        pending.add(i);
      }
    }
    rows = chain(rows, pending);
    if (!ordered) {
      rows = inInputOrder(rows);
    }
    rows = cache(rows);
    // runs the steps once, so the accumulators hold every row before the report is built, and
    // counts each partition's rows (splits, labels, column types) where it is
    ResultSummary summary = run.newSummary();
    List<String> columns = run.columnsAfter(run.stepCount() - 1);
    List<Tuple2<ResultSummary, TypeTracker>> counted = rows.mapPartitions((Iterator<Row> it) -> {
      TypeTracker types = new TypeTracker(columns);
      while (it.hasNext()) {
        Row r = it.next();
        summary.accept(r); // this task's copy of the empty summary
        types.accept(r);
      }
      return List.of(new Tuple2<>(summary, types)).iterator();
    }).collect();
    TypeTracker types = new TypeTracker(columns);
    List<long[]> sizes = new ArrayList<>(); // rows per partition and split code + 1
    for (Tuple2<ResultSummary, TypeTracker> part : counted) { // in partition order, which is input order
      sizes.add(new long[] {part._1().size(Row.NO_SPLIT), part._1().size(Row.TRAIN), part._1().size(Row.VAL),
          part._1().size(Row.TEST)});
      summary.merge(part._1());
      types.merge(part._2());
    }
    for (int i = 0; i < run.stepCount(); i++) {
      run.counted(i, in[i].value(), out[i].value());
      Step step = run.step(i);
      if (step instanceof DedupeStep) { // grouped by key, never applied: what it dropped is in minus out
        step.addCounts(Map.of("dropped", in[i].value() - out[i].value()));
      }
      for (Map<String, Long> c : counts.get(i).value()) { // one map per partition that counted
        step.addCounts(c);
      }
    }
    run.reportStepDetails();
    Set<String> external = new java.util.LinkedHashSet<>();
    List<String> text = run.outputFormats().stream().filter(TextOutput.FORMATS::contains).toList();
    long t0 = System.nanoTime();
    if (run.outputFormats().contains("parquet")) {
      report.put("output_partitions", ParquetOutput.write(spark, run, rows, summary, types.types()));
      external.add("parquet");
    }
    if (!text.isEmpty()) {
      TextOutput.write(run, rows, sizes, types.types(), text);
      report.put("output_partitions", rows.getNumPartitions());
      external.addAll(text);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    report.put("executor_formats", run.outputFormats().stream().filter(external::contains).toList());
    // the other formats (tfrecord, idx, hdf5) are written on the driver, which only then reads the rows
    boolean driverWrites = run.outputFormats().stream().anyMatch(f -> !external.contains(f));
    return run.finish(driverWrites ? rows.toLocalIterator() : null, summary, types.types(), external, seconds);
  }

  /**
   * The input: a Parquet file by Spark's reader, a row group per task ({@link ParquetInput}), when
   * its column types allow; a CSV, TSV or JSONL file by fabrica's reader, a byte range per task
   * ({@link CsvInput}, {@link JsonlInput}), when it is large enough to cut; otherwise fabrica's reader in one task. Spread over
   * the partitions.
   */
  private JavaRDD<Row> read() {
    String path = inputPath;
    String format = run.formatName();
    Params input = run.recipe().input();
    JavaRDD<Row> rows;
    String reader = "fabrica, one task";
    try {
      if (format.equals("parquet")) {
        rows = ParquetInput.read(spark, path, run.inputColumns());
        reader = rows == null ? reader : "spark";
      } else if (format.equals("csv") || format.equals("tsv")) {
        rows = CsvInput.read(spark, path, format, input, run.inputColumns(), parts);
        reader = rows == null ? reader : "fabrica, byte ranges";
      } else if (jsonl != null) {
        rows = jsonl.read(spark);
        reader = "fabrica, byte ranges";
      } else {
        rows = null;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (rows == null) {
      rows = sc.parallelize(List.of(0), 1).mapPartitions(x -> new SourceIterator(path, format, input));
    }
    int read = rows.getNumPartitions();
    report.put("input_reader", reader);
    report.put("input_partitions", read);
    report.put("partitions", parts);
    run.report("spark", report);
    return read < parts ? rows.repartition(parts) : rows;
  }

  private JavaRDD<Row> cache(JavaRDD<Row> rows) {
    rows.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(rows);
    return rows;
  }

  /** Applies the pending row steps, then forgets them. */
  private JavaRDD<Row> chain(JavaRDD<Row> rows, List<Integer> pending) {
    if (pending.isEmpty()) {
      return rows;
    }
    List<Step> steps = new ArrayList<>();
    LongAccumulator[] ins = new LongAccumulator[pending.size()];
    LongAccumulator[] outs = new LongAccumulator[pending.size()];
    List<CollectionAccumulator<Map<String, Long>>> stepCounts = new ArrayList<>();
    for (int j = 0; j < pending.size(); j++) {
      steps.add(run.step(pending.get(j)));
      ins[j] = in[pending.get(j)];
      outs[j] = out[pending.get(j)];
      stepCounts.add(counts.get(pending.get(j)));
    }
    pending.clear();
    return rows.mapPartitions(new StepChain(steps, ins, outs, stepCounts, inputPath));
  }

  /** Rows in the embedded engine's order: partitions by ranges of (line, order), each sorted. */
  private JavaRDD<Row> inInputOrder(JavaRDD<Row> rows) {
    return cache(rows).sortBy(Position::of, true, parts);
  }

  /** A row's place in the embedded engine's output: its input record, then its place among that record's rows. */
  record Position(long line, int order) implements Comparable<Position>, Serializable {
    static Position of(Row r) {
      return new Position(r.line(), r.order());
    }

    static boolean before(Row a, Row b) {
      return a.line() < b.line() || a.line() == b.line() && a.order() <= b.order();
    }

    @Override
    public int compareTo(Position o) {
      int c = Long.compare(line, o.line);
      return c != 0 ? c : Integer.compare(order, o.order);
    }
  }

  /**
   * Fits {@code step} (bound, unfitted, on the driver) on {@code rows}: a copy per partition, merged
   * in partition order.
   */
  private void fit(JavaRDD<Row> rows, Step step, int i) {
    String path = inputPath;
    List<Step> fitted = rows.mapPartitions((Iterator<Row> it) -> {
      // this task's own copy of the step, deserialized from the closure
      while (it.hasNext()) {
        StepChain.naming(path, it.next(), step::fit);
      }
      return List.of(step).iterator();
    }).collect();
    for (Step part : fitted) {
      step.mergeFit(part);
    }
    try {
      step.endFit();
    } catch (RowError e) {
      throw new BadInputException(inputPath + ": " + e.getMessage(), e);
    }
  }

  /** A row's dedupe key, hashable by Spark. */
  record Key(long a, long b) implements Serializable {}

  private JavaRDD<Row> dedupe(JavaRDD<Row> rows, DedupeStep step, int i) {
    LongAccumulator rowsIn = in[i];
    LongAccumulator rowsOut = out[i];
    return rows.mapToPair(r -> {
      rowsIn.add(1);
      long[] k = new long[2];
      step.key(r, k);
      return new Tuple2<>(new Key(k[0], k[1]), r);
    }).reduceByKey((a, b) -> Position.before(a, b) ? a : b, parts).values().map(r -> {
      rowsOut.add(1);
      return r;
    });
  }

  /**
   * Assigns splits to {@code sorted} (rows in input order): counts per stratum and partition, the
   * split fitted on the merged counts, then each partition's ranks start after the earlier ones'.
   */
  private JavaRDD<Row> split(JavaRDD<Row> sorted, SplitStep step, int i) {
    sorted = cache(sorted);
    String path = inputPath;
    List<SplitStep> counted = sorted.mapPartitions((Iterator<Row> it) -> {
      while (it.hasNext()) {
        StepChain.naming(path, it.next(), step::fit);
      }
      return List.of(step).iterator();
    }).collect();
    List<Map<String, Long>> starts = new ArrayList<>();
    Map<String, Long> before = new HashMap<>();
    for (SplitStep part : counted) {
      starts.add(new HashMap<>(before));
      part.stratumCounts().forEach((k, n) -> before.merge(k, n, Long::sum));
      step.mergeFit(part);
    }
    step.endFit();
    Broadcast<SplitStep> fitted = sc.broadcast(step);
    Broadcast<List<Map<String, Long>>> offsets = sc.broadcast(starts);
    return sorted.mapPartitionsWithIndex(new AssignSplits(fitted, offsets, in[i], out[i]), true);
  }

  /** Partition p's rows get the splits of their ranks, counted on from the rows of earlier partitions. */
  private record AssignSplits(Broadcast<SplitStep> split, Broadcast<List<Map<String, Long>>> offsets,
      LongAccumulator rowsIn, LongAccumulator rowsOut) implements Function2<Integer, Iterator<Row>, Iterator<Row>> {
    @Override
    public Iterator<Row> call(Integer p, Iterator<Row> it) {
      SplitStep s = split.value();
      Map<String, Long> next = new HashMap<>(offsets.value().get(p));
      return new Iterator<>() {
        private long n;

        @Override
        public boolean hasNext() {
          if (it.hasNext()) {
            return true;
          }
          rowsIn.add(n);
          rowsOut.add(n);
          n = 0;
          return false;
        }

        @Override
        public Row next() {
          Row r = it.next().copy();
          String stratum = s.stratum(r);
          long rank = next.getOrDefault(stratum, 0L);
          next.put(stratum, rank + 1);
          s.assign(r, rank);
          n++;
          return r;
        }
      };
    }
  }
}
