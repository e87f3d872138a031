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
import dev.fabrica.data.table.Row;
import dev.fabrica.data.table.RowStore;
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
    Path inputPath = context.resolve(in.requireString("path"));
    if (!Files.exists(inputPath)) {
      throw new BadInputException(in.at("path") + ": no such file or folder: " + inputPath);
    }
    String formatName = in.has("format") ? in.string("format", null) : Formats.inferInput(inputPath, in.at("path"));
    InputFormat format = Formats.input(formatName, in.at("format"));

    Params out = recipe.output();
    out.allowOnly("dir", "formats");
    Path outDir = options.outputDir() != null ? options.outputDir() : context.resolve(out.requireString("dir"));
    List<RowWriter> writers = new ArrayList<>();
    for (String f : out.strings("formats", List.of("csv"))) {
      writers.add(Formats.output(f, out.at("formats")));
    }

    try (RowSource source = format.open(inputPath, in);
        StagedDirectory staged = StagedDirectory.create(outDir, options.overwrite())) {
      List<StepRun> steps = bind(source.columns());
      RowStore result = execute(source, inputPath, steps);
      try {
        PrepReport report = PrepReport.build(recipe, inputPath, formatName, steps, result);
        boolean split = steps.stream().anyMatch(b -> b.name.equals("split"));
        List<Map<String, Object>> files;
        long writeStart = System.nanoTime();
        try {
          files = new OutputStage(result, split, staged.path(), options.threads()).write(writers);
        } catch (BadInputException e) {
          // name the directory the user will look for, not the staging one
          throw new BadInputException(e.getMessage().replace(staged.path().toString(), outDir.toString()), e);
        }
        if (options.timing()) {
          report.report().put("passes", passes);
          report.report().put("write_seconds", (System.nanoTime() - writeStart) / 1e9);
        }
        report.finish(files, (System.nanoTime() - started) / 1e9, options.timing() ? readNanos / 1e9 : -1);
        report.writeTo(staged.path());
        staged.commit();
        return report.withOutput(staged.target());
      } finally {
        result.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<StepRun> bind(List<String> columns) {
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

  private RowStore execute(RowSource source, Path inputPath, List<StepRun> steps) throws IOException {
    ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), daemon()) : null;
    try {
      return execute(source, inputPath, steps, pool);
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

  private RowStore execute(RowSource source, Path inputPath, List<StepRun> steps, ExecutorService pool) throws IOException {
    Reporter rep = options.reporter();
    List<StepRun> pending = new ArrayList<>();
    RowStore store = null;
    long rows = source.estimatedRows();
    int pass = 0;
    for (int k = 0; k <= steps.size(); k++) {
      StepRun fitting = k < steps.size() && steps.get(k).step.needsFit() ? steps.get(k) : null;
      if (fitting == null && k < steps.size()) {
        pending.add(steps.get(k));
        continue;
      }
      // a pass: read the current data, apply the pending steps, store (and feed the fitting step)
      List<String> outColumns = k == 0 ? source.columns() : steps.get(k - 1).columnsOut;
      RowStore next = RowStore.withDefaultBudget(outColumns, context.tmpDir());
      String task = "pass " + (++pass) + (fitting != null ? " (then fit " + fitting.name + ")" : "");
      Consumer<Row> sink = fitting == null ? next::append : fitThenStore(fitting, next);
      Pass p = new Pass(new ArrayList<>(pending), sink, inputPath, pool, options.threads(), options.timing());
      RowStore current = store;
      long passStart = System.nanoTime();
      try (Reporter.Progress progress = rep.progress(task, rows, "rows")) {
        p.run(current == null ? source::read : current::drain, progress);
      } catch (RuntimeException | IOException e) {
        next.close();
        throw e;
      } finally {
        if (current != null) {
          current.close();
        } else {
          source.close();
        }
      }
      readNanos += p.readNanos();
      next.finish();
      passes.add(Map.of("pass", pass, "task", task, "rows_out", next.size(), "seconds", (System.nanoTime() - passStart) / 1e9));
      rows = next.size();
      if (fitting != null) {
        try {
          fitting.step.endFit();
        } catch (RowError e) {
          throw new BadInputException(inputPath + ": " + e.getMessage(), e);
        }
      }
      store = next;
      pending.clear();
      if (fitting != null) {
        pending.add(fitting);
      }
      if (k == steps.size()) {
        break;
      }
    }
    if (store.size() == 0) {
      throw new BadInputException(inputPath + ": no rows left after the steps (the input has no data rows, or the steps dropped them all)");
    }
    return store;
  }

  /** The sink of a pass that ends in a fitting step: the step sees each row, then it is stored. */
  private Consumer<Row> fitThenStore(StepRun fitting, RowStore next) {
    boolean timing = options.timing();
    return r -> {
      long t0 = timing ? System.nanoTime() : 0;
      fitting.step.fit(r);
      if (timing) {
        fitting.nanos.add(System.nanoTime() - t0);
      }
      next.append(r);
    };
  }
}
