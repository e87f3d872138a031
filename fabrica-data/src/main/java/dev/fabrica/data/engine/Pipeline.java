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
      List<Bound> steps = bind(source.columns());
      RowStore result = execute(source, inputPath, steps);
      try {
        PrepReport report = PrepReport.build(recipe, inputPath, formatName, steps.stream().map(b -> b.stats).toList(), result);
        boolean split = steps.stream().anyMatch(b -> b.step.name().equals("split"));
        List<Map<String, Object>> files;
        try {
          files = new OutputStage(result, split, staged.path(), options.threads()).write(writers);
        } catch (BadInputException e) {
          // name the directory the user will look for, not the staging one
          throw new BadInputException(e.getMessage().replace(staged.path().toString(), outDir.toString()), e);
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

  /** A step with its counters. */
  static final class Bound {
    final Step step;
    final Recipe.StepSpec spec;
    final StepStats stats;

    Bound(Step step, Recipe.StepSpec spec) {
      this.step = step;
      this.spec = spec;
      this.stats = new StepStats(spec.name(), spec.params().where().replaceFirst("^[^:]*: ", ""), step);
    }
  }

  private List<Bound> bind(List<String> columns) {
    List<Bound> out = new ArrayList<>();
    boolean splitBefore = false;
    for (Recipe.StepSpec spec : recipe.steps()) {
      Step step = Steps.create(spec.name(), spec.params(), context);
      List<String> columnsIn = columns;
      columns = step.bind(new Step.Binding(columns, splitBefore));
      splitBefore |= spec.name().equals("split");
      Bound b = new Bound(step, spec);
      b.stats.columnsIn = columnsIn;
      b.stats.columnsOut = columns;
      b.stats.maxExamples = options.examples();
      b.stats.sampler = new java.util.SplittableRandom(options.seed() ^ (0x9E3779B97F4A7C15L * (spec.index() + 1)));
      out.add(b);
    }
    return out;
  }

  private RowStore execute(RowSource source, Path inputPath, List<Bound> steps) throws IOException {
    Reporter rep = options.reporter();
    List<String> columns = source.columns();
    List<Bound> pending = new ArrayList<>();
    RowStore store = null;
    long rows = source.estimatedRows();
    int pass = 0;
    for (int k = 0; k <= steps.size(); k++) {
      Bound fitting = k < steps.size() && steps.get(k).step.needsFit() ? steps.get(k) : null;
      if (fitting == null && k < steps.size()) {
        pending.add(steps.get(k));
        continue;
      }
      // a pass: read the current data, apply the pending steps, store (and feed the fitting step)
      List<String> outColumns = k == 0 ? columns : columnsAfter(columns, steps, k);
      RowStore next = RowStore.withDefaultBudget(outColumns, context.tmpDir());
      String task = "pass " + (++pass) + (fitting != null ? " (then fit " + fitting.spec.name() + ")" : "");
      Consumer<Row> sink = fitting == null
          ? next::append
          : r -> {
              long t0 = options.timing() ? System.nanoTime() : 0;
              fitting.step.fit(r);
              if (options.timing()) {
                fitting.stats.nanos += System.nanoTime() - t0;
              }
              next.append(r);
            };
      Consumer<Row> chain = chain(pending, sink);
      try (Reporter.Progress progress = rep.progress(task, rows, "rows")) {
        long[] count = {0};
        long[] inChain = {0};
        long passStart = System.nanoTime();
        boolean timing = options.timing();
        Consumer<Row> top = row -> {
          long line = row.line();
          long t0 = timing ? System.nanoTime() : 0;
          try {
            chain.accept(row);
          } catch (RowError e) {
            throw new BadInputException(inputPath + " line " + line + ": " + e.getMessage(), e);
          }
          if (timing) {
            inChain[0] += System.nanoTime() - t0;
          }
          if ((++count[0] & 1023) == 0) {
            progress.step(1024);
          }
        };
        if (store == null) {
          source.read(top);
        } else {
          store.forEach(top);
          store.close();
        }
        progress.step(count[0] & 1023);
        if (timing) {
          // time outside the steps: reading the source (pass 1) or the store (later passes)
          readNanos += System.nanoTime() - passStart - inChain[0];
        }
      } catch (RuntimeException | IOException e) {
        next.close();
        throw e;
      }
      next.finish();
      if (store == null) {
        source.close();
      }
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
    if (store == null) {
      throw new IllegalStateException("no pass ran");
    }
    if (store.size() == 0) {
      throw new BadInputException(inputPath + ": no rows left after the steps (the input has no data rows, or the steps dropped them all)");
    }
    return store;
  }

  /** Column names entering step k. */
  private static List<String> columnsAfter(List<String> columns, List<Bound> steps, int k) {
    List<String> c = columns;
    for (int i = 0; i < k; i++) {
      c = steps.get(i).stats.columnsOut;
    }
    return c;
  }

  /** Composes the pending steps into one consumer, counting rows into each step. */
  private Consumer<Row> chain(List<Bound> pending, Consumer<Row> sink) {
    Consumer<Row> next = sink;
    boolean timing = options.timing();
    for (int i = pending.size() - 1; i >= 0; i--) {
      Bound b = pending.get(i);
      Consumer<Row> downstream = next;
      StepStats s = b.stats;
      Consumer<Row> countingDownstream = r -> {
        s.rowsOut++;
        if (s.currentOut != null) {
          s.currentOut.add(r.copy());
        }
        long t0 = timing ? System.nanoTime() : 0;
        downstream.accept(r);
        if (timing) {
          s.nanos -= System.nanoTime() - t0;
        }
      };
      next = r -> {
        s.rowsIn++;
        Row before = s.wantsExample() ? r.copy() : null;
        if (before != null) {
          s.currentOut = new ArrayList<>(2);
        }
        long t0 = timing ? System.nanoTime() : 0;
        b.step.apply(r, countingDownstream);
        if (timing) {
          s.nanos += System.nanoTime() - t0;
        }
        if (before != null) {
          s.offerExample(before, s.currentOut);
          s.currentOut = null;
        }
      };
    }
    return next;
  }

  /** Per-step counts and timing, filled while running. */
  static final class StepStats {
    final String name;
    final String key;
    final Step step;
    long rowsIn;
    long rowsOut;
    long nanos;
    List<String> columnsIn;
    List<String> columnsOut;
    int maxExamples;
    List<Row> currentOut;
    final List<Map<String, Object>> examples = new ArrayList<>();

    java.util.SplittableRandom sampler;
    long changedRows;

    boolean wantsExample() {
      return maxExamples > 0;
    }

    /** Offers a row to the reservoir when the step changed or dropped it, or emitted more than one. */
    void offerExample(Row before, List<Row> after) {
      boolean same = after.size() == 1
          && java.util.Arrays.equals(after.get(0).values(), before.values())
          && after.get(0).split() == before.split();
      if (same) {
        return;
      }
      changedRows++;
      int slot = examples.size() < maxExamples ? examples.size() : (int) Math.min(sampler.nextLong(changedRows), Integer.MAX_VALUE);
      if (slot >= maxExamples) {
        return;
      }
      Map<String, Object> ex = new LinkedHashMap<>();
      ex.put("line", before.line());
      ex.put("before", cells(columnsIn, before));
      List<Map<String, Object>> outs = new ArrayList<>();
      for (Row r : after) {
        outs.add(cells(columnsOut, r));
      }
      ex.put("after", outs);
      if (slot == examples.size()) {
        examples.add(ex);
      } else {
        examples.set(slot, ex);
      }
    }

    private static Map<String, Object> cells(List<String> names, Row r) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < names.size() && i < r.size(); i++) {
        Object v = r.get(i);
        m.put(names.get(i), v instanceof dev.fabrica.data.table.Image ? v.toString() : v);
      }
      if (r.split() != Row.NO_SPLIT) {
        m.put("(split)", Row.splitName(r.split()));
      }
      return m;
    }

    StepStats(String name, String key, Step step) {
      this.name = name;
      this.key = key;
      this.step = step;
    }

    Map<String, Object> toMap(boolean timing) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", name);
      m.put("key", key);
      m.put("rows_in", rowsIn);
      m.put("rows_out", rowsOut);
      if (timing) {
        m.put("seconds", nanos / 1e9);
      }
      m.putAll(step.report());
      if (maxExamples > 0) {
        List<Map<String, Object>> byLine = new ArrayList<>(examples);
        byLine.sort(java.util.Comparator.comparingLong(e -> (Long) e.get("line")));
        m.put("examples", byLine);
      }
      return m;
    }
  }
}
