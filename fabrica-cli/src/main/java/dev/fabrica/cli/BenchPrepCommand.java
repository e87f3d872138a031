package dev.fabrica.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.data.recipe.RecipeParser;
import dev.fabrica.testkit.ReviewsCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica bench prep}: generates a seeded messy reviews CSV ({@link ReviewsCsv}), runs the
 * {@link PrepBenchRecipe} on it with per-step timing, and prints one JSON object: seconds per step
 * (load, each step, each output file), total seconds, rows per second and peak RSS. Generating the
 * CSV is timed apart and not part of the total.
 */
@Command(
    name = "prep",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark data preparation: load, dedupe, fill_missing, clean_text, split 70/15/15, normalize",
      "(fitted on train), write CSV and JSONL, on a generated CSV of --rows rows. Prints one JSON object."
    })
public final class BenchPrepCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000",
      description = "Rows of the generated CSV, duplicates included (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Use this reviews CSV (e.g. one a --keep run left) instead of generating one; --rows is then ignored.")
  Path csvIn;

  @Option(names = "--keep",
      description = "Keep the work directory (the CSV, the recipe, the output) and say where it is.")
  boolean keep;

  @Override
  public Integer call() throws IOException {
    if (rows < 1) {
      throw new ParameterException(spec.commandLine(), "--rows must be at least 1, got " + rows);
    }
    Reporter reporter = common.reporter();
    Path work = Files.createTempDirectory("fabrica-bench-prep-");
    try {
      Path csv = csvIn != null ? csvIn : work.resolve("reviews.csv");
      ReviewsCsv.Counts generated = null;
      double generateSeconds = 0;
      if (csvIn == null) {
        reporter.info("generating " + rows + " rows into " + csv);
        long t0 = System.nanoTime();
        generated = ReviewsCsv.write(csv, rows, common.seed());
        generateSeconds = (System.nanoTime() - t0) / 1e9;
      } else if (!Files.isRegularFile(csvIn)) {
        throw new dev.fabrica.core.BadInputException("--csv: no such file: " + csvIn);
      }

      Path recipeFile = work.resolve("recipe.json");
      Files.writeString(recipeFile, PrepBenchRecipe.json(csv, work.resolve("out")));
      Recipe recipe = RecipeParser.parse(recipeFile);
      long t1 = System.nanoTime();
      PrepReport report = Pipeline.run(recipe, new Pipeline.Options(common.seed(), true, null, reporter, true).withThreads(common.threads()));
      double total = (System.nanoTime() - t1) / 1e9;

      Map<String, Object> result = result(report.report(), total, generateSeconds, generated, Files.size(csv));
      if (keep) {
        result.put("work_dir", work.toString());
        result.put("csv", csv.toString());
      }
      PrintWriter out = spec.commandLine().getOut();
      // insertion order, not the shared mapper's sorted keys: figures first, then the config
      out.println(Json.MAPPER.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .withDefaultPrettyPrinter().writeValueAsString(result));
      out.flush();
      if (keep) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("kept " + work + " (the CSV: " + csv + ")");
        err.println("compare: /usr/bin/python3 bench/prep_pandas.py " + csv);
        err.flush();
      }
      return 0;
    } finally {
      if (!keep) {
        deleteRecursively(work);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> result(Map<String, Object> report, double total, double generateSeconds,
      ReviewsCsv.Counts generated, long csvBytes) {
    Map<String, Object> seconds = new LinkedHashMap<>();
    double attributed = put(seconds, "load", (Double) report.get("read_seconds"));
    Map<String, Object> checks = new LinkedHashMap<>();
    for (Map<String, Object> step : (List<Map<String, Object>>) report.get("steps")) {
      String name = (String) step.get("step");
      attributed += put(seconds, seconds.containsKey(name) ? name + "_" + step.get("key") : name, (Double) step.get("seconds"));
      if (step.containsKey("duplicates_dropped")) {
        checks.put("duplicates_dropped", step.get("duplicates_dropped"));
      }
    }
    for (Map<String, Object> file : (List<Map<String, Object>>) report.get("outputs")) {
      attributed += put(seconds, "write_" + file.get("file"), (Double) file.get("seconds"));
    }
    // report building (label counts: one more pass over the rows), staging, commit
    put(seconds, "other", Math.max(0, total - attributed));

    Map<String, Object> rowsOut = new LinkedHashMap<>();
    rowsOut.put("total", report.get("rows_out"));
    rowsOut.putAll((Map<String, Object>) report.get("splits"));

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("rows", rows);
    config.put("seed", common.seed());
    config.put("threads", common.threads());
    config.put("steps", PrepBenchRecipe.STEPS.stream().map(Map.Entry::getKey).toList());
    config.put("output_formats", PrepBenchRecipe.OUTPUT_FORMATS);
    config.put("input_mib", BenchMachine.round(csvBytes / (1024.0 * 1024.0), 1));

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "prep");
    r.put("engine", "fabrica");
    long rowsIn = ((Number) ((Map<String, Object>) report.get("input")).get("rows")).longValue();
    r.put("rows", rowsIn);
    r.put("rows_out", rowsOut);
    r.put("seconds", seconds);
    r.put("total_seconds", BenchMachine.round(total, 3));
    r.put("rows_per_second", Math.round(rowsIn / total));
    // steps run on several threads at once: per-step seconds are thread time; these are wall clock
    List<Map<String, Object>> passes = new ArrayList<>();
    for (Map<String, Object> p : (List<Map<String, Object>>) report.get("passes")) {
      passes.add(Map.of("pass", p.get("task"), "seconds", BenchMachine.round((Double) p.get("seconds"), 3)));
    }
    r.put("wall_seconds_per_pass", passes);
    r.put("wall_seconds_writing", BenchMachine.round((Double) report.get("write_seconds"), 3));
    if (generated != null) {
      r.put("generate_seconds", BenchMachine.round(generateSeconds, 3));
      Map<String, Object> gen = new LinkedHashMap<>();
      gen.put("duplicates", generated.duplicates());
      gen.put("missing_text", generated.missingText());
      gen.put("missing_feature1", generated.missingFeature1());
      gen.put("missing_feature2", generated.missingFeature2());
      gen.put("missing_label", generated.missingLabel());
      r.put("generated", gen);
    }
    r.put("checks", checks);
    r.put("peak_rss_mib", BenchMachine.peakRssMib());
    r.putAll(BenchMachine.describe());
    r.put("config", config);
    r.put("fabrica_version", report.get("fabrica_version"));
    r.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    r.put("command", BenchMachine.command(args()));
    return r;
  }

  private static double put(Map<String, Object> seconds, String key, Double value) {
    double v = value == null ? 0 : value;
    seconds.put(key, BenchMachine.round(v, 3));
    return v;
  }

  private List<String> args() {
    List<String> a = new ArrayList<>(csvIn != null
        ? List.of("bench", "prep", "--csv", csvIn.toString())
        : List.of("bench", "prep", "--rows", Long.toString(rows), "--seed", Long.toString(common.seed())));
    if (common.threads != null) {
      a.addAll(List.of("--threads", Integer.toString(common.threads)));
    }
    return a;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the work directory " + dir, e);
    }
  }
}
