package dev.fabrica.data.engine;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.StagedDirectory;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.format.RowWriter;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.RowStore;
import dev.fabrica.data.table.TypeTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recipe run whose rows another engine computes (Spark): it resolves the input and binds the
 * steps exactly as {@link Pipeline} does, stages the output directory up front (an existing one
 * fails before any work), and writes the result the other engine hands back with the embedded
 * engine's writers, stats.json and report.json, renaming the directory into place only at the end.
 * The steps' own figures ({@link Step#report}) stay out of report.json, since the copies that
 * applied them ran elsewhere; rows in and out per step are what the other engine counts.
 */
public final class ExternalRun implements AutoCloseable {
  private final Recipe recipe;
  private final Pipeline.Options options;
  private final String engine;
  private final Path inputPath;
  private final String formatName;
  private final List<String> inputColumns;
  private final List<StepRun> steps;
  private final List<RowWriter> writers;
  private final Path outDir;
  private final StagedDirectory staged;
  private final long started = System.nanoTime();
  private final java.util.Map<String, Object> engineReport = new java.util.LinkedHashMap<>();

  /** How another engine finds an input's columns itself (e.g. a JSONL file's keys, in parallel). */
  @FunctionalInterface
  public interface ColumnFinder {
    /**
     * The columns of {@code input} (format {@code format}), exactly as its reader's {@code open}
     * finds them, or null to let that reader find them.
     */
    List<String> columns(Path input, String format, Params options) throws IOException;
  }

  private ExternalRun(Recipe recipe, Pipeline.Options options, String engine, ColumnFinder finder) {
    this.recipe = recipe;
    this.options = options;
    this.engine = engine;
    StepContext context = context(recipe, options);
    this.inputPath = Pipeline.inputPath(recipe, context);
    this.formatName = Pipeline.inputFormat(recipe.input(), inputPath);
    this.outDir = Pipeline.outputDir(recipe, options, context);
    this.writers = Pipeline.writers(recipe);
    try {
      List<String> found = finder.columns(inputPath, formatName, recipe.input());
      if (found == null) {
        try (RowSource source = Formats.input(formatName, recipe.input().at("format")).open(inputPath, recipe.input())) {
          found = source.columns();
        }
      }
      this.inputColumns = List.copyOf(found);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.steps = Pipeline.bind(recipe, context, options, inputColumns);
    for (StepRun s : steps) {
      s.details = false;
    }
    this.staged = StagedDirectory.create(outDir, options.overwrite());
  }

  /**
   * Binds {@code recipe} and stages its output directory.
   *
   * @param engine the engine's name, recorded in report.json ({@code "engine": "spark"})
   */
  public static ExternalRun start(Recipe recipe, Pipeline.Options options, String engine) {
    return new ExternalRun(recipe, options, engine, (path, format, input) -> null);
  }

  /** As {@link #start(Recipe, Pipeline.Options, String)}, with the input's columns found by {@code finder}. */
  public static ExternalRun start(Recipe recipe, Pipeline.Options options, String engine, ColumnFinder finder) {
    return new ExternalRun(recipe, options, engine, finder);
  }

  /** The context steps are created with: the run's seed, the recipe's directory. */
  public static StepContext context(Recipe recipe, Pipeline.Options options) {
    return new StepContext(options.seed(), recipe.baseDir(), Path.of(System.getProperty("java.io.tmpdir")),
        options.reporter());
  }

  public Recipe recipe() {
    return recipe;
  }

  /** The input file, resolved against the recipe's directory. */
  public Path inputPath() {
    return inputPath;
  }

  /** The input format's recipe name ({@code csv}, {@code parquet}, ...). */
  public String formatName() {
    return formatName;
  }

  /** Opens the input for reading, as the embedded engine does; on any machine that sees the file. */
  public static RowSource open(Path inputPath, String formatName, Params input) throws IOException {
    return Formats.input(formatName, input.at("format")).open(inputPath, input);
  }

  public List<String> inputColumns() {
    return inputColumns;
  }

  /** Step {@code i}, bound; fitting steps are fitted by the other engine ({@link Step#mergeFit}). */
  public Step step(int i) {
    return steps.get(i).step;
  }

  /** The recipe key of step {@code i}, e.g. {@code steps[2].clean_text}. */
  public String stepKey(int i) {
    return steps.get(i).key;
  }

  public int stepCount() {
    return steps.size();
  }

  /** The columns step {@code i} emits. */
  public List<String> columnsAfter(int i) {
    return i < 0 ? inputColumns : steps.get(i).columnsOut;
  }

  /**
   * Puts each step's own figures ({@link Step#report()}: rows dropped, cells changed, fitted values)
   * into report.json, as the embedded engine does. Call it once the engine has fitted every step on
   * the driver and added the counts of the copies that ran elsewhere ({@link Step#addCounts});
   * without it a step entry holds rows in and out only.
   */
  public void reportStepDetails() {
    for (StepRun s : steps) {
      s.details = true;
    }
  }

  /** Adds {@code key: value} to report.json, e.g. how the engine read the input. */
  public void report(String key, Object value) {
    engineReport.put(key, value);
  }

  /** Records the rows step {@code i} received and emitted. */
  public void counted(int i, long rowsIn, long rowsOut) {
    StepRun s = steps.get(i);
    s.rowsIn.reset();
    s.rowsIn.add(rowsIn);
    s.rowsOut.reset();
    s.rowsOut.add(rowsOut);
  }

  /** The recipe's output formats ({@code csv}, {@code parquet}, ...), in its order. */
  public List<String> outputFormats() {
    return writers.stream().map(RowWriter::name).toList();
  }

  /**
   * Where split {@code split}'s file of format {@code format} goes in the staged output directory
   * ({@code train.parquet}, or {@code data.parquet} for {@link Row#NO_SPLIT}), for an engine that
   * writes a format itself; it is renamed into place with the directory.
   */
  public Path outputFile(byte split, String format) {
    RowWriter w = writers.stream().filter(x -> x.name().equals(format)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the recipe does not write " + format));
    return staged.path().resolve(OutputStage.fileName(split, w));
  }

  /** An empty summary of result rows, for an engine that counts them where they are and merges the counts. */
  public ResultSummary newSummary() {
    List<String> columns = columnsAfter(steps.size() - 1);
    return new ResultSummary(columns, PrepReport.labelColumn(steps, columns));
  }

  /**
   * Writes the result: {@code rows} in input order, each with its split, into every output format,
   * then stats.json and report.json, and renames the directory into place.
   */
  public PrepReport finish(Iterator<Row> rows) {
    return finish(rows, null, null, java.util.Set.of(), 0);
  }

  /**
   * As {@link #finish(Iterator)}, for an engine that wrote the {@code external} formats itself into
   * their {@link #outputFile}s. The other formats are written here from {@code rows}, and counted
   * here; when there are none, {@code rows} may be null, and the report and stats.json come from
   * the engine's {@code counted} summary and column {@code types}.
   *
   * @param externalSeconds how long the engine took to write its formats
   */
  public PrepReport finish(Iterator<Row> rows, ResultSummary counted, ColumnType[] types, java.util.Set<String> external,
      double externalSeconds) {
    List<String> columns = columnsAfter(steps.size() - 1);
    List<RowWriter> here = writers.stream().filter(w -> !external.contains(w.name())).toList();
    OutputStage output = new OutputStage(staged.path(), options.threads());
    try {
      ResultSummary summary;
      if (here.isEmpty() && counted != null) {
        summary = counted;
        summary.setSchema(TypeTracker.schemaOf(columns, types));
        requireRows(summary);
      } else {
        summary = new ResultSummary(columns, PrepReport.labelColumn(steps, columns));
        try (RowStore store = RowStore.withDefaultBudget(columns, Path.of(System.getProperty("java.io.tmpdir")))) {
          while (rows.hasNext()) {
            Row r = rows.next();
            summary.accept(r);
            store.append(r);
          }
          store.finish();
          requireRows(summary);
          summary.setSchema(store.schema());
          try {
            output.writeStored(store, here);
          } catch (BadInputException e) {
            throw new BadInputException(e.getMessage().replace(staged.path().toString(), outDir.toString()), e);
          }
        }
      }
      List<Map<String, Object>> files = new ArrayList<>();
      for (RowWriter w : writers) {
        files.addAll(external.contains(w.name()) ? writtenElsewhere(w, summary.splitSizes(), externalSeconds)
            : output.files(summary.splitSizes(), List.of(w)));
      }
      PrepReport report = PrepReport.build(recipe, inputPath, formatName, steps, summary);
      report.report().put("engine", engine);
      report.report().putAll(engineReport);
      report.finish(files, (System.nanoTime() - started) / 1e9, -1);
      report.writeTo(staged.path());
      staged.commit();
      return report.withOutput(staged.target());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireRows(ResultSummary summary) {
    if (summary.rows() == 0) {
      throw new BadInputException(inputPath
          + ": no rows left after the steps (the input has no data rows, or the steps dropped them all)");
    }
  }

  /** report.json's entries for a format another engine wrote: a file per split that has rows. */
  private static List<Map<String, Object>> writtenElsewhere(RowWriter w, long[] splitSizes, double seconds) {
    long total = 0;
    for (long n : splitSizes) {
      total += n;
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (byte s : new byte[] {Row.NO_SPLIT, Row.TRAIN, Row.VAL, Row.TEST}) {
      long rows = splitSizes[s + 1];
      if (rows > 0) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", OutputStage.fileName(s, w));
        e.put("format", w.name());
        e.put("rows", rows);
        e.put("seconds", seconds * rows / total);
        files.add(e);
      }
    }
    return files;
  }

  /** Deletes the staged directory unless {@link #finish} committed it. */
  @Override
  public void close() {
    staged.close();
  }
}
