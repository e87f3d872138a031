package dev.fabrica.data.engine;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.core.StagedDirectory;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.InputFormat;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.format.RowWriter;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.data.table.ColumnType;
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.RowStore;
import dev.fabrica.data.table.Schema;
import dev.fabrica.data.table.TypeTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The embedded engine: runs a {@link Recipe} in streaming passes. Steps that need no statistics
 * are fused into the pass before them; a step that must first see its whole input ({@link
 * Step#needsFit()}) ends a pass, fitting on that pass's output as it is stored, so a recipe with k
 * such steps reads its data k + 1 times. Rows between passes live in a {@link RowStore}, which
 * spills to disk beyond its memory budget, so memory stays bounded whatever the input size.
 */
public final class Pipeline {
  private final Recipe recipe;
  private final Options options;
  private final StepContext context;
  private long readNanos;
  private final List<Map<String, Object>> passes = new ArrayList<>();

  /**
   * How to run.
   *
   * @param seed the run's seed (a step's own {@code seed} wins)
   * @param overwrite replace an existing output directory
   * @param outputDir overrides the recipe's {@code output.dir} when not null
   * @param reporter progress and warnings
   * @param timing measure seconds per step (costs a little; for benchmarks)
   * @param examples keep this many before/after examples of rows each step changed or dropped,
   *     drawn uniformly (seeded reservoir sampling) from all such rows, in report.json (for reports
   *     a person reads; it copies every row, so it is for small data)
   * @param threads worker threads (outputs of different formats are written in parallel)
   */
  public record Options(long seed, boolean overwrite, Path outputDir, Reporter reporter, boolean timing, int examples,
      int threads) {
    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
    }

    public Options(long seed, boolean overwrite, Path outputDir, Reporter reporter, boolean timing, int examples) {
      this(seed, overwrite, outputDir, reporter, timing, examples, Runtime.getRuntime().availableProcessors());
    }

    public Options(long seed, boolean overwrite, Path outputDir, Reporter reporter, boolean timing) {
      this(seed, overwrite, outputDir, reporter, timing, 0);
    }

    /** A copy using {@code n} threads. */
    public Options withThreads(int n) {
      return new Options(seed, overwrite, outputDir, reporter, timing, examples, n);
    }

    public static Options defaults() {
      return new Options(42, false, null, Reporter.silent(), false);
    }
  }

  private Pipeline(Recipe recipe, Options options) {
    this.recipe = recipe;
    this.options = options;
    this.context = new StepContext(options.seed(), recipe.baseDir(),
        Path.of(System.getProperty("java.io.tmpdir")), options.reporter());
  }

  /** Runs {@code recipe} and returns the report; the output directory appears only on success. */
  public static PrepReport run(Recipe recipe, Options options) {
    return new Pipeline(recipe, options).run();
  }

  private PrepReport run() {
    long started = System.nanoTime();
    Params in = recipe.input();
    Path inputPath = inputPath(recipe, context);
    String formatName = inputFormat(in, inputPath);
    InputFormat format = Formats.input(formatName, in.at("format"));
    Path outDir = outputDir(recipe, options, context);
    List<RowWriter> writers = writers(recipe);

    try (RowSource source = format.open(inputPath, in);
        StagedDirectory staged = StagedDirectory.create(outDir, options.overwrite())) {
      List<StepRun> steps = bind(source.columns());
      List<String> columns = steps.isEmpty() ? source.columns() : steps.get(steps.size() - 1).columnsOut;
      ResultSummary summary = new ResultSummary(columns, PrepReport.labelColumn(steps, columns));
      OutputStage output = new OutputStage(staged.path(), options.threads());
      RowStore result = null;
      try {
        long writeStart;
        try {
          result = execute(source, inputPath, steps, summary, output, writers);
          writeStart = System.nanoTime();
          if (result != null) {
            output.writeStored(result, writers);
          }
        } catch (BadInputException e) {
          // name the directory the user will look for, not the staging one
          throw new BadInputException(e.getMessage().replace(staged.path().toString(), outDir.toString()), e);
        }
        List<Map<String, Object>> files = output.files(summary.splitSizes(), writers);
        PrepReport report = PrepReport.build(recipe, inputPath, formatName, steps, summary);
        if (options.timing()) {
          report.report().put("passes", passes);
          report.report().put("write_seconds", (System.nanoTime() - writeStart) / 1e9);
        }
        report.finish(files, (System.nanoTime() - started) / 1e9, options.timing() ? readNanos / 1e9 : -1);
        report.writeTo(staged.path());
        staged.commit();
        return report.withOutput(staged.target());
      } finally {
        if (result != null) {
          result.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recipe's input file, which must exist. */
  static Path inputPath(Recipe recipe, StepContext context) {
    Params in = recipe.input();
    Path inputPath = context.resolve(in.requireString("path"));
    if (!Files.exists(inputPath)) {
      throw new BadInputException(in.at("path") + ": no such file or folder: " + inputPath);
    }
    return inputPath;
  }

  /** The input's format name: the recipe's {@code format}, else from the file name. */
  static String inputFormat(Params in, Path inputPath) {
    return in.has("format") ? in.string("format", null) : Formats.inferInput(inputPath, in.at("path"));
  }

  static Path outputDir(Recipe recipe, Options options, StepContext context) {
    Params out = recipe.output();
    out.allowOnly("dir", "formats");
    return options.outputDir() != null ? options.outputDir() : context.resolve(out.requireString("dir"));
  }

  static List<RowWriter> writers(Recipe recipe) {
    Params out = recipe.output();
    List<RowWriter> writers = new ArrayList<>();
    for (String f : out.strings("formats", List.of("csv"))) {
      writers.add(Formats.output(f, out.at("formats")));
    }
    return writers;
  }

  private List<StepRun> bind(List<String> columns) {
    return bind(recipe, context, options, columns);
  }

  /** Creates and binds the recipe's steps to the input's columns, in order. */
  static List<StepRun> bind(Recipe recipe, StepContext context, Options options, List<String> columns) {
    List<StepRun> out = new ArrayList<>();
    boolean splitBefore = false;
    for (Recipe.StepSpec spec : recipe.steps()) {
      Step step = Steps.create(spec.name(), spec.params(), context);
      List<String> columnsIn = columns;
      columns = step.bind(new Step.Binding(columns, splitBefore));
      splitBefore |= spec.name().equals("split");
      StepRun run = new StepRun(spec.name(), spec.params().where().replaceFirst("^[^:]*: ", ""), step);
      run.columnsIn = columnsIn;
      run.columnsOut = columns;
      run.maxExamples = options.examples();
      run.sampler = new java.util.SplittableRandom(options.seed() ^ (0x9E3779B97F4A7C15L * (spec.index() + 1)));
      out.add(run);
    }
    return out;
  }

  /**
   * Runs every pass. The last one feeds {@code summary} and goes into a store that is returned, or,
   * when every output format streams and the last pass's steps tell their output types in advance,
   * straight into the files through {@code output}; null is returned then.
   */
  private RowStore execute(RowSource source, Path inputPath, List<StepRun> steps, ResultSummary summary,
      OutputStage output, List<RowWriter> writers) throws IOException {
    ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), daemon()) : null;
    try {
      return execute(source, inputPath, steps, pool, summary, output, writers);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "fabrica-step");
      t.setDaemon(true);
      return t;
    };
  }

  private RowStore execute(RowSource source, Path inputPath, List<StepRun> steps, ExecutorService pool,
      ResultSummary summary, OutputStage output, List<RowWriter> writers) throws IOException {
    Reporter rep = options.reporter();
    List<StepRun> pending = new ArrayList<>();
    RowStore store = null;
    long rows = source.estimatedRows();
    int pass = 0;
    for (int k = 0; k <= steps.size(); k++) {
      StepRun fitting = k < steps.size() && steps.get(k).step.needsFit() && !steps.get(k).fittedEarly ? steps.get(k) : null;
      if (fitting == null && k < steps.size()) {
        pending.add(steps.get(k));
        continue;
      }
      // a pass: read the current data, apply the pending steps, store (and feed the fitting step)
      List<String> outColumns = k == 0 ? source.columns() : steps.get(k - 1).columnsOut;
      boolean last = k == steps.size();
      Schema streamed = last ? streamedSchema(store, pending, outColumns, writers) : null;
      RowStore next = streamed == null ? RowStore.withDefaultBudget(outColumns, context.tmpDir()) : null;
      OutputStage.Feed feed = streamed == null ? null : output.stream(streamed, writers);
      List<StepRun> fits = fitting == null ? List.of() : fitsAt(steps, k);
      String task = "pass " + (++pass) + (fitting != null
          ? " (then fit " + String.join(", ", fits.stream().map(s -> s.name).toList()) + ")"
          : feed != null ? " (writing the outputs)" : "");
      Consumer<Row> sink = last ? summary.andThen(feed != null ? feed : next::append)
          : fitting == null ? next::append : fitThenStore(fits, next);
      Pass p = new Pass(new ArrayList<>(pending), sink, inputPath, pool, options.threads(), options.timing());
      RowStore current = store;
      long passStart = System.nanoTime();
      try (Reporter.Progress progress = rep.progress(task, rows, "rows")) {
        p.run(current == null ? source::read : current::drain, progress);
        if (feed != null) {
          feed.close();
        }
      } catch (RuntimeException | IOException e) {
        if (next != null) {
          next.close();
        }
        if (feed != null) {
          closeQuietly(feed, e);
        }
        throw e;
      } finally {
        if (current != null) {
          current.close();
        } else {
          source.close();
        }
      }
      readNanos += p.readNanos();
      if (next != null) {
        next.finish();
      }
      rows = next != null ? next.size() : summary.rows();
      passes.add(Map.of("pass", pass, "task", task, "rows_out", rows, "seconds", (System.nanoTime() - passStart) / 1e9));
      for (StepRun f : fits) {
        try {
          f.step.endFit();
        } catch (RowError e) {
          throw new BadInputException(inputPath + ": " + e.getMessage(), e);
        }
      }
      store = next;
      pending.clear();
      if (fitting != null) {
        pending.add(fitting);
      }
      if (last) {
        summary.setSchema(next != null ? next.schema() : streamed);
        break;
      }
    }
    if (summary.rows() == 0) {
      if (store != null) {
        store.close();
      }
      throw new BadInputException(inputPath + ": no rows left after the steps (the input has no data rows, or the steps dropped them all)");
    }
    return store;
  }

  /**
   * The schema of the result when the last pass can stream into the output files: it reads a store
   * (whose column types are known), every output format streams, and each of the pass's steps
   * tells its output types in advance; otherwise null, and the result is stored first.
   */
  private static Schema streamedSchema(RowStore input, List<StepRun> pending, List<String> columns, List<RowWriter> writers) {
    if (input == null || writers.isEmpty() || !writers.stream().allMatch(RowWriter::streams)) {
      return null;
    }
    ColumnType[] types = input.columnTypes();
    for (StepRun s : pending) {
      types = s.step.outputTypes(types);
      if (types == null) {
        return null;
      }
    }
    return TypeTracker.schemaOf(columns, types);
  }

  private static void closeQuietly(OutputStage.Feed feed, Exception cause) {
    try {
      feed.close();
    } catch (IOException | RuntimeException e) {
      if (e != cause) {
        cause.addSuppressed(e);
      }
    }
  }

  /**
   * The steps fitted on the rows before step {@code k}: that step, and each later fitting step
   * whose {@link Step#fitReads} the steps in between keep as they are (every row kept, columns
   * unchanged and those they read not written). A split after fill_missing and clean_text only
   * counts rows, so it is fitted together with fill_missing, saving a pass over the data.
   */
  static List<StepRun> fitsAt(List<StepRun> steps, int k) {
    List<StepRun> fits = new ArrayList<>(List.of(steps.get(k)));
    java.util.Set<String> written = new java.util.HashSet<>();
    for (int j = k; j < steps.size(); j++) {
      StepRun s = steps.get(j);
      if (j > k && s.step.needsFit()) {
        java.util.Set<String> reads = s.step.fitReads();
        if (reads == null || reads.stream().anyMatch(written::contains)) {
          break;
        }
        s.fittedEarly = true;
        fits.add(s);
      }
      java.util.Set<String> w = s.step.writes();
      if (!s.step.keepsRows() || w == null || !s.columnsIn.equals(s.columnsOut)) {
        break;
      }
      written.addAll(w);
    }
    return fits;
  }

  /** The sink of a pass that ends in fitting steps: each step sees each row, then it is stored. */
  private Consumer<Row> fitThenStore(List<StepRun> fits, RowStore next) {
    boolean timing = options.timing();
    StepRun[] all = fits.toArray(StepRun[]::new);
    long[] seen = {0};
    return r -> {
      boolean timed = timing && seen[0]++ % Pass.TIME_SAMPLE == 0;
      for (StepRun f : all) {
        long t0 = timed ? System.nanoTime() : 0;
        f.step.fit(r);
        if (timed) {
          f.nanos.add((System.nanoTime() - t0) * Pass.TIME_SAMPLE);
        }
      }
      next.append(r);
    };
  }
}
