package dev.fabrica.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fabrica.classic.hmm.CategoricalEmission;
import dev.fabrica.classic.hmm.HmmEngine;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.HmmSpec;
import dev.fabrica.classic.hmm.HmmTrainer;
import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.classic.nb.NbConfig;
import dev.fabrica.classic.nb.NbData;
import dev.fabrica.classic.nb.NbEngine;
import dev.fabrica.classic.nb.NbKind;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepEngine;
import dev.fabrica.data.engine.PrepReport;
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
import java.util.Iterator;
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
 * {@code fabrica bench spark}: the prep benchmark's recipe ({@link PrepBenchRecipe}) on the
 * embedded engine and on Spark, batch generation of naive Bayes rows on Spark, and Baum-Welch with
 * the E-step on Spark against one machine; prints one JSON object with rows/s for each. Every Spark
 * figure includes starting and stopping a session, which is also measured alone (a one-row job).
 * Needs the fabrica-spark jar on the classpath, which {@code ./fabrica bench spark} adds.
 */
@Command(
    name = "spark",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark Apache Spark against the embedded engine: the prep benchmark's recipe on --rows rows,",
      "drawing --sample-rows naive Bayes rows into Parquet parts, and Baum-Welch iterations on",
      "--hmm-sequences sequences. Prints one JSON object."
    })
public final class BenchSparkCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000",
      description = "Rows of the generated reviews CSV for the recipe (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--sample-rows", paramLabel = "N", defaultValue = "10000000",
      description = "Naive Bayes rows to generate (default: ${DEFAULT-VALUE}).")
  long sampleRows;

  @Option(names = "--rows-per-part", paramLabel = "R", defaultValue = "1000000",
      description = "Rows per Parquet part when generating (default: ${DEFAULT-VALUE}).")
  int rowsPerPart;

  @Option(names = "--hmm-sequences", paramLabel = "N", defaultValue = "20000",
      description = "Sequences of 100 symbols for the Baum-Welch benchmark; 0 skips it (default: ${DEFAULT-VALUE}).")
  int hmmSequences;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
      description = "The Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  /** Baum-Welch iterations of the short and the long Spark fit; their difference gives seconds per iteration. */
  private static final int HMM_SHORT = 2;
  private static final int HMM_LONG = 12;

  @Override
  public Integer call() throws IOException {
    if (rows < 1 || sampleRows < 1 || rowsPerPart < 1 || hmmSequences < 0) {
      throw new ParameterException(spec.commandLine(), "--rows, --sample-rows and --rows-per-part must be at least 1"
          + " and --hmm-sequences at least 0");
    }
    PrepEngine prepOnSpark = PrepEngine.named("spark");
    NbEngine nbOnSpark = NbEngine.named("spark");
    Reporter reporter = common.reporter();
    Path work = Files.createTempDirectory("fabrica-bench-spark-");
    try {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("benchmark", "spark");
      r.put("master", master);

      Path csv = work.resolve("reviews.csv");
      reporter.info("generating " + rows + " rows into " + csv);
      ReviewsCsv.write(csv, rows, common.seed());
      Path recipe = work.resolve("recipe.json");
      Files.writeString(recipe, PrepBenchRecipe.json(csv, work.resolve("embedded")));
      Pipeline.Options options = new Pipeline.Options(common.seed(), true, null, reporter, false).withThreads(common.threads());
      Pipeline.Options sparkOptions = new Pipeline.Options(common.seed(), true, work.resolve("spark"), reporter, false)
          .withThreads(common.threads());

      reporter.info("the recipe on the embedded engine");
      long t0 = System.nanoTime();
      PrepReport embedded = Pipeline.run(RecipeParser.parse(recipe), options);
      double embeddedSeconds = seconds(t0);

      // the session alone: start, a one-row job, stop (every Spark figure below includes this)
      Path trainCsv = work.resolve("embedded/train.csv");
      NbConfig nbConfig = NbConfig.defaults(NbKind.MIXED).withTextColumns(List.of("text")).withSeed(common.seed());
      NbModel nb = NbModel.fit(nbConfig, NbData.fromCsv(trainCsv, "label", nbConfig));
      reporter.info("a Spark session on " + master);
      t0 = System.nanoTime();
      nbOnSpark.sample(nb, 1, common.seed(), null, work.resolve("warmup").toUri().toString(), 1, master);
      r.put("spark_session_seconds", BenchMachine.round(seconds(t0), 3));

      reporter.info("the recipe on Spark " + master);
      t0 = System.nanoTime();
      PrepReport onSpark = prepOnSpark.run(RecipeParser.parse(recipe), sparkOptions, master);
      double sparkSeconds = seconds(t0);
      r.put("prep", prep(embedded, embeddedSeconds, onSpark, sparkSeconds));

      reporter.info("drawing " + sampleRows + " naive bayes rows on Spark " + master);
      Map<String, Object> gen = new LinkedHashMap<>();
      gen.put("rows", sampleRows);
      gen.put("model", "mixed naive bayes fitted on the recipe's train.csv (text as a bag of words, label "
          + nb.classes().size() + " classes)");
      t0 = System.nanoTime();
      long parts = nbOnSpark.sample(nb, sampleRows, common.seed(), null, work.resolve("samples").toUri().toString(),
          rowsPerPart, master);
      double s = seconds(t0);
      gen.put("spark", figures(s, sampleRows, Map.of("parts", parts, "output", "parquet",
          "output_mib", BenchMachine.round(bytes(work.resolve("samples")) / (1024.0 * 1024.0), 1))));
      // one machine, one thread, rows drawn and dropped: no output, an upper bound for a core's rate
      long drawRows = Math.min(sampleRows, 2_000_000);
      t0 = System.nanoTime();
      Iterator<dev.fabrica.data.table.Row> it = nb.sampleRows(drawRows, common.seed(), null);
      long drawn = 0;
      while (it.hasNext()) {
        drawn += it.next().size();
      }
      s = seconds(t0);
      gen.put("embedded_draw_only_one_thread", figures(s, drawRows, Map.of("cells", drawn)));
      r.put("nb_generation", gen);

      if (hmmSequences > 0) {
        r.put("hmm", hmm(reporter));
      }
      r.put("peak_rss_mib", BenchMachine.peakRssMib());
      r.putAll(BenchMachine.describe());
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("rows", rows);
      config.put("sample_rows", sampleRows);
      config.put("rows_per_part", rowsPerPart);
      config.put("hmm_sequences", hmmSequences);
      config.put("seed", common.seed());
      config.put("threads", common.threads());
      config.put("steps", PrepBenchRecipe.STEPS.stream().map(Map.Entry::getKey).toList());
      config.put("output_formats", PrepBenchRecipe.OUTPUT_FORMATS);
      r.put("config", config);
      r.put("fabrica_version", embedded.report().get("fabrica_version"));
      r.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
      r.put("command", command());
      PrintWriter out = spec.commandLine().getOut();
      out.println(Json.MAPPER.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .withDefaultPrettyPrinter().writeValueAsString(r));
      out.flush();
      return 0;
    } finally {
      deleteRecursively(work);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> prep(PrepReport embedded, double embeddedSeconds, PrepReport onSpark, double sparkSeconds) {
    Map<String, Object> e = embedded.report();
    Map<String, Object> s = onSpark.report();
    long rowsIn = ((Number) ((Map<String, Object>) e.get("input")).get("rows")).longValue();
    if (!e.get("splits").equals(s.get("splits"))) {
      throw new IllegalStateException("bench spark: the recipe on Spark split the rows " + s.get("splits")
          + ", the embedded engine " + e.get("splits"));
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("rows", rowsIn);
    p.put("splits", e.get("splits"));
    p.put("same_splits", true);
    p.put("embedded", figures(embeddedSeconds, rowsIn, Map.of("threads", common.threads())));
    p.put("spark", figures(sparkSeconds, rowsIn, Map.of()));
    return p;
  }

  /**
   * Baum-Welch on {@code hmmSequences} sequences of 100 symbols drawn from a 3-state, 6-symbol
   * model: one machine for {@value #HMM_LONG} iterations, Spark for {@value #HMM_SHORT} and {@value
   * #HMM_LONG}; the difference of the two Spark fits is the cost of an iteration without the session.
   */
  private Map<String, Object> hmm(Reporter reporter) {
    HmmModel truth = new HmmModel(new double[] {0.5, 0.3, 0.2},
        new double[][] {{0.8, 0.15, 0.05}, {0.1, 0.8, 0.1}, {0.2, 0.1, 0.7}},
        new CategoricalEmission(new double[][] {
            {0.4, 0.3, 0.1, 0.1, 0.05, 0.05}, {0.05, 0.1, 0.4, 0.3, 0.1, 0.05}, {0.1, 0.05, 0.05, 0.1, 0.3, 0.4}}));
    List<int[]> seqs = new ArrayList<>(hmmSequences);
    for (int i = 0; i < hmmSequences; i++) {
      double[][] x = truth.sample(100, common.seed() + i, null).observations();
      int[] sym = new int[x.length];
      for (int t = 0; t < sym.length; t++) {
        sym[t] = (int) x[t][0];
      }
      seqs.add(sym);
    }
    Sequences data = Sequences.ofSymbols(seqs);
    HmmSpec spec = HmmSpec.categorical(3, 6);
    HmmTrainer.Options options = HmmTrainer.Options.defaults().withTol(-1).withSeed(common.seed())
        .withThreads(common.threads());
    reporter.info("Baum-Welch on " + hmmSequences + " sequences, one machine");
    long t0 = System.nanoTime();
    HmmModel one = new HmmTrainer(options.withMaxIter(HMM_LONG)).fitBestOf(data, spec, 1, HMM_LONG);
    double oneSeconds = seconds(t0);
    HmmEngine engine = HmmEngine.named("spark");
    reporter.info("Baum-Welch on " + hmmSequences + " sequences, Spark " + master);
    t0 = System.nanoTime();
    engine.fitBestOf(options.withMaxIter(HMM_SHORT), Reporter.silent(), data, spec, 1, HMM_SHORT, master);
    double shortSeconds = seconds(t0);
    t0 = System.nanoTime();
    HmmModel onSpark = engine.fitBestOf(options.withMaxIter(HMM_LONG), Reporter.silent(), data, spec, 1, HMM_LONG, master);
    double longSeconds = seconds(t0);
    double worst = 0;
    for (int i = 0; i < HMM_LONG; i++) {
      double a = one.logLikelihoodHistory().get(i);
      worst = Math.max(worst, Math.abs(onSpark.logLikelihoodHistory().get(i) - a) / Math.abs(a));
    }
    long steps = data.totalSteps();
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("sequences", hmmSequences);
    h.put("steps", steps);
    h.put("states", 3);
    h.put("symbols", 6);
    h.put("iterations", HMM_LONG);
    h.put("max_relative_log_likelihood_difference", worst);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("seconds", BenchMachine.round(oneSeconds, 3));
    e.put("steps_per_second_per_iteration", Math.round(steps * (double) HMM_LONG / oneSeconds));
    e.put("threads", common.threads());
    h.put("embedded", e);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("seconds", BenchMachine.round(longSeconds, 3));
    double perIteration = (longSeconds - shortSeconds) / (HMM_LONG - HMM_SHORT);
    s.put("seconds_per_iteration", BenchMachine.round(perIteration, 4));
    s.put("steps_per_second_per_iteration", perIteration > 0 ? Math.round(steps / perIteration) : null);
    h.put("spark", s);
    return h;
  }

  private static Map<String, Object> figures(double seconds, long rows, Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", BenchMachine.round(seconds, 3));
    m.put("rows_per_second", Math.round(rows / seconds));
    m.putAll(extra);
    return m;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private String command() {
    StringBuilder sb = new StringBuilder("./fabrica bench spark --rows ").append(rows).append(" --sample-rows ")
        .append(sampleRows).append(" --rows-per-part ").append(rowsPerPart).append(" --hmm-sequences ")
        .append(hmmSequences).append(" --master ").append(master).append(" --seed ").append(common.seed());
    if (common.threads != null) {
      sb.append(" --threads ").append(common.threads);
    }
    return sb.toString();
  }

  private static long bytes(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
