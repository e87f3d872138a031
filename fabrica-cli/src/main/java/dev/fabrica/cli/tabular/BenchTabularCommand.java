package dev.fabrica.cli.tabular;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.tabular.Holdout;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TableIO;
import dev.fabrica.tabular.copula.CopulaConfig;
import dev.fabrica.tabular.copula.CopulaModel;
import dev.fabrica.tabular.copula.CopulaSynthesizer;
import dev.fabrica.tabular.eval.Evaluation;
import dev.fabrica.tabular.meta.Metadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica bench tabular}: fits each synthesizer on scikit-learn's wine and breast cancer
 * tables (80 % of the rows, seeded), draws {@code -n} rows and prints the quality, detection,
 * efficacy and privacy scores with the fit and sample times as one JSON object.
 */
@Command(
    name = "tabular",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the table synthesizers on scikit-learn's wine and breast cancer tables (Debian's",
      "python3-sklearn): fit on 80% of the rows, sample, score against the real rows. Prints one JSON object."
    })
public final class BenchTabularCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--sklearn", paramLabel = "DIR", defaultValue = "/usr/lib/python3/dist-packages/sklearn/datasets/data",
      description = "Where wine_data.csv and breast_cancer.csv are (default: ${DEFAULT-VALUE}).")
  Path sklearn;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10000", description = "Synthetic rows per table (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--tables", paramLabel = "FILES", split = ",", defaultValue = "wine_data.csv,breast_cancer.csv",
      description = "Files under --sklearn (or paths) to run (default: ${DEFAULT-VALUE}).")
  List<String> tables;

  @Option(names = "--synthesizers", paramLabel = "NAMES", split = ",", defaultValue = "copula,tvae,ctgan",
      description = "Synthesizers to run on each table: copula, tvae, ctgan (default: ${DEFAULT-VALUE}).")
  List<String> synthesizers;

  /**
   * Epochs of the neural synthesizers here: the papers' 300 epochs are only 300 steps on tables
   * below 500 rows (one batch an epoch), too few for either network (TVAE on breast cancer: quality
   * 0.885 and detection AUC 0.84 after 300; 0.942 and 0.58 after 1,000).
   */
  static final int BENCH_EPOCHS = 1000;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + BENCH_EPOCHS,
      description = "tvae, ctgan: epochs (default: ${DEFAULT-VALUE}; the train command's default is the papers' 300).")
  int epochs;

  @Override
  public Integer call() throws IOException {
    for (String s : synthesizers) {
      if (!List.of("copula", "tvae", "ctgan").contains(s)) {
        throw new BadInputException("--synthesizers: unknown '" + s + "' (copula, tvae, ctgan)");
      }
    }
    if (n < 1) {
      throw new BadInputException("-n must be at least 1, got " + n);
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (String name : tables) {
      Path p = Path.of(name).isAbsolute() ? Path.of(name) : sklearn.resolve(name);
      if (!Files.isRegularFile(p)) {
        throw new BadInputException(p + ": no such file (install Debian's python3-sklearn, or pass --sklearn DIR)");
      }
      Table t = TableIO.read(p);
      Metadata meta = Metadata.detect(t);
      Holdout h = Holdout.split(t, TrainTabularCommand.DEFAULT_HOLDOUT, common.seed());
      Map<String, Object> anchors = anchors(h, meta);
      for (String syn : synthesizers) {
        Map<String, Object> m = run(p, t, meta, h, syn);
        m.put("anchors", anchors);
        results.add(m);
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "tabular");
    r.put("results", results);
    r.put("cores", Runtime.getRuntime().availableProcessors());
    r.put("jvm_max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    r.put("java", System.getProperty("java.version"));
    r.put("config", Map.of("n", n, "holdout", TrainTabularCommand.DEFAULT_HOLDOUT, "seed", common.seed(), "synthesizers", synthesizers,
        "threads", common.threads(), "epochs", epochs));
    r.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    r.put("command", command());
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.MAPPER.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .withDefaultPrettyPrinter().writeValueAsString(r));
    out.flush();
    return 0;
  }

  private Map<String, Object> run(Path file, Table t, Metadata meta, Holdout h, String synthesizer) throws IOException {
    long t0 = System.nanoTime();
    dev.fabrica.tabular.TabularModel model;
    Path work = null;
    Map<String, Object> details = new LinkedHashMap<>();
    if (synthesizer.equals("tvae")) {
      work = Files.createTempDirectory("fabrica-bench-tvae");
      dev.fabrica.neural.tabular.TvaeConfig c = dev.fabrica.neural.tabular.TvaeConfig.defaults().withSeed(common.seed()).withEpochs(epochs);
      details.put("epochs", c.epochs());
      model = dev.fabrica.neural.tabular.TvaeModel.train(h.train(), meta, c, work, common.threads(), dev.fabrica.core.Reporter.silent());
    } else if (synthesizer.equals("ctgan")) {
      work = Files.createTempDirectory("fabrica-bench-ctgan");
      dev.fabrica.neural.tabular.CtganConfig c = dev.fabrica.neural.tabular.CtganConfig.defaults().withSeed(common.seed()).withEpochs(epochs);
      details.put("epochs", c.epochs());
      model = dev.fabrica.neural.tabular.CtganModel.train(h.train(), meta, c, work, common.threads(), dev.fabrica.core.Reporter.silent());
    } else {
      CopulaModel copula = CopulaSynthesizer.fit(h.train(), meta, CopulaConfig.defaults().withSeed(common.seed()));
      details.put("marginals", copula.marginals().values().stream().collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.TreeMap::new, java.util.stream.Collectors.counting())));
      model = copula;
    }
    double fit = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    Table s = model.sample(n, common.seed(), Map.of());
    double sample = (System.nanoTime() - t0) / 1e9;
    if (model instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (work != null) {
      dev.fabrica.core.AtomicFiles.deleteRecursively(work);
    }
    t0 = System.nanoTime();
    Evaluation e = Evaluation.run(h.train(), h.heldOut(), s, meta, null, common.seed());
    double eval = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", file.getFileName().toString());
    m.put("synthesizer", synthesizer);
    m.put("rows", t.size());
    m.put("fit_seconds", round(fit));
    m.put("sample_seconds", round(sample));
    m.put("sample_rows_per_second", Math.round(n / sample));
    m.put("eval_seconds", round(eval));
    m.putAll(details);
    m.putAll(e.toJson());
    m.put("columns", t.width()); // not the per-column scores of eval's JSON
    return m;
  }

  /**
   * What the scores mean on this table: the held-out real rows scored as if synthetic (a ceiling:
   * real data as good as it gets at that size) and the training rows with every column shuffled on
   * its own (a floor for pair trends: perfect shapes, no relations).
   */
  private Map<String, Object> anchors(Holdout h, Metadata meta) {
    Map<String, Object> a = new LinkedHashMap<>();
    Evaluation real = Evaluation.run(h.train(), null, h.heldOut(), meta, null, common.seed());
    a.put("holdout_as_synthetic", Map.of("quality", real.toJson().get("quality"), "detection_auc", real.detectionAuc()));
    java.util.SplittableRandom rng = new java.util.SplittableRandom(common.seed());
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : h.train().rows()) {
      rows.add(r.clone());
    }
    for (int c = 0; c < h.train().width(); c++) {
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Object x = rows.get(i)[c];
        rows.get(i)[c] = rows.get(j)[c];
        rows.get(j)[c] = x;
      }
    }
    Evaluation shuffled = Evaluation.run(h.train(), null, new Table("shuffled", h.train().names(), rows), meta, null, common.seed());
    a.put("shuffled_columns", Map.of("quality", shuffled.toJson().get("quality"), "detection_auc", shuffled.detectionAuc()));
    return a;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private String command() {
    StringBuilder sb = new StringBuilder("java");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-X")) {
        sb.append(' ').append(a);
      }
    }
    sb.append(" -jar fabrica-cli/target/fabrica.jar bench tabular -n ").append(n).append(" --seed ").append(common.seed())
        .append(" --synthesizers ").append(String.join(",", synthesizers)).append(" --epochs ").append(epochs)
        .append(" --threads ").append(common.threads());
    return sb.toString();
  }
}
