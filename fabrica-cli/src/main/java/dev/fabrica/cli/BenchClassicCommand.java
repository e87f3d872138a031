package dev.fabrica.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.HmmTrainer;
import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.classic.nb.NbConfig;
import dev.fabrica.classic.nb.NbKind;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica bench classic}: times Naive Bayes fit and predictProba (the dense path) and HMM
 * Baum-Welch iterations on seeded data ({@link ClassicBenchData}) and prints one JSON object.
 * Generating the data is timed apart; {@code --export} writes it for {@code bench/classic_sklearn.py}
 * and {@code bench/classic_hmmlearn.py}.
 */
@Command(
    name = "classic",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark Naive Bayes (GaussianNB 1,000,000 x 20, 5 classes; MultinomialNB 200,000 x 100 counts, 4 classes)",
      "and HMM EM (4-state diagonal Gaussian, 200 x 500 x 3, 50 iterations; 2-state categorical, 200,000",
      "characters, 100 iterations) on seeded data. Prints one JSON object."
    })
public final class BenchClassicCommand implements Callable<Integer> {
  static final List<String> ALL = List.of("nb-gaussian", "nb-multinomial", "hmm-gaussian", "hmm-categorical");

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--only", split = ",", paramLabel = "NAME",
      description = "Benchmarks to run, comma-separated: nb-gaussian, nb-multinomial, hmm-gaussian, hmm-categorical (default: all).")
  List<String> only;

  @Option(names = "--scale", paramLabel = "F", defaultValue = "1.0",
      description = "Multiply the rows, sequences and characters by F, for quick runs (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--repeat", paramLabel = "R", defaultValue = "1",
      description = "Time each fit R times in this JVM; the figures are the first (cold) run's, and with R > 1 the"
          + " *_warm fields give the median of runs 2..R (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--export", paramLabel = "DIR",
      description = "Also write the generated data as .npy files and the HMMs' starting parameters as JSON, one folder per benchmark.")
  Path export;

  @Override
  public Integer call() throws IOException {
    List<String> names = only == null ? ALL : only;
    for (String n : names) {
      if (!ALL.contains(n)) {
        throw new ParameterException(spec.commandLine(), "--only: unknown benchmark '" + n + "' (known: "
            + String.join(", ", ALL) + ")");
      }
    }
    if (repeat < 1) {
      throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new ParameterException(spec.commandLine(), "--scale must be a positive number, got " + scale);
    }
    Reporter reporter = common.reporter();
    Map<String, Object> results = new LinkedHashMap<>();
    for (String n : ALL) {
      if (names.contains(n)) {
        reporter.info("bench classic: " + n);
        results.put(n, switch (n) {
          case "nb-gaussian" -> naiveBayes(NbKind.GAUSSIAN, scaled(1_000_000), 20, 5);
          case "nb-multinomial" -> naiveBayes(NbKind.MULTINOMIAL, scaled(200_000), 100, 4);
          case "hmm-gaussian" -> hmm(ClassicBenchData.gaussianHmm(scaled(200), 500, 3, 4, common.seed()), 50, false, n);
          default -> hmm(ClassicBenchData.categoricalHmm(scaled(200_000), common.seed()), 100, true, n);
        });
      }
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("only", names);
    config.put("scale", scale);
    config.put("repeat", repeat);
    config.put("seed", common.seed());
    config.put("threads", common.threads());
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "classic");
    r.put("engine", "fabrica");
    r.put("results", results);
    r.put("peak_rss_mib", BenchMachine.peakRssMib());
    r.putAll(BenchMachine.describe());
    r.put("config", config);
    if (export != null) {
      r.put("export", export.toString());
    }
    r.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    r.put("command", BenchMachine.command(args()));
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.MAPPER.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .withDefaultPrettyPrinter().writeValueAsString(r));
    out.flush();
    return 0;
  }

  private int scaled(int size) {
    return (int) Math.max(1, Math.round(size * scale));
  }

  private Map<String, Object> naiveBayes(NbKind kind, int rows, int features, int classes) throws IOException {
    long t0 = System.nanoTime();
    ClassicBenchData.Labelled d = kind == NbKind.GAUSSIAN
        ? ClassicBenchData.gaussianClusters(rows, features, classes, common.seed())
        : ClassicBenchData.multinomialCounts(rows, features, classes, common.seed());
    double generate = seconds(t0);
    if (export != null) {
      ClassicBenchData.export(d, export.resolve(kind == NbKind.GAUSSIAN ? "nb-gaussian" : "nb-multinomial"));
    }
    List<String> labels = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    int threads = common.threads();
    // counts go in as one flat row-major array, as NumPy holds them for scikit-learn (made untimed,
    // as scikit-learn's loading is); Gaussian rows stay double[][]
    double[] flat = kind == NbKind.GAUSSIAN ? null : flatten(d.x());
    double[] fit = new double[repeat];
    double[] predict = new double[repeat];
    Map<String, Object> agreement = null;
    for (int r = 0; r < repeat; r++) {
      if (r > 0) {
        System.gc(); // so that the last run's probabilities are not collected inside this run's timing
      }
      long t1 = System.nanoTime();
      NbModel model = flat == null
          ? NbModel.fitDense(NbConfig.defaults(kind), d.x(), d.y(), labels, threads)
          : NbModel.fitDense(NbConfig.defaults(kind), flat, features, d.y(), labels, threads);
      fit[r] = seconds(t1);
      long t2 = System.nanoTime();
      if (flat == null) {
        double[][] proba = model.predictProbaDense(d.x(), threads);
        predict[r] = seconds(t2);
        agreement = agreement((i, c) -> proba[i][c], classes, d.y());
      } else {
        double[] proba = model.predictProbaDense(flat, features, threads);
        predict[r] = seconds(t2);
        agreement = agreement((i, c) -> proba[i * classes + c], classes, d.y());
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", kind == NbKind.GAUSSIAN ? "GaussianNB (var_smoothing 1e-9)" : "MultinomialNB (alpha 1)");
    m.put("rows", rows);
    m.put("features", features);
    m.put("classes", classes);
    m.put("fit_seconds", BenchMachine.round(fit[0], 4));
    m.put("predict_proba_seconds", BenchMachine.round(predict[0], 4));
    m.put("fit_predict_seconds", BenchMachine.round(fit[0] + predict[0], 4));
    if (repeat > 1) {
      m.put("fit_seconds_warm", BenchMachine.round(warm(fit), 4));
      m.put("predict_proba_seconds_warm", BenchMachine.round(warm(predict), 4));
      double[] both = new double[repeat];
      for (int r = 0; r < repeat; r++) {
        both[r] = fit[r] + predict[r];
      }
      m.put("fit_predict_seconds_warm", BenchMachine.round(warm(both), 4));
    }
    m.putAll(agreement);
    m.put("generate_seconds", BenchMachine.round(generate, 3));
    return m;
  }

  /** P(y = c | row i), read from whichever layout the probabilities have. */
  interface Proba {
    double get(int i, int c);
  }

  /** Accuracy and mean log-probability of the true class: equal tools give equal figures. */
  static Map<String, Object> agreement(Proba proba, int classes, int[] y) {
    int right = 0;
    double logp = 0;
    for (int i = 0; i < y.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (proba.get(i, c) > proba.get(i, best)) {
          best = c;
        }
      }
      right += best == y[i] ? 1 : 0;
      logp += Math.log(proba.get(i, y[i]));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accuracy", (double) right / y.length);
    m.put("mean_log_proba_true_class", logp / y.length);
    return m;
  }

  /** Rows laid end to end, row-major. */
  static double[] flatten(double[][] x) {
    int d = x.length == 0 ? 0 : x[0].length;
    double[] flat = new double[x.length * d];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * d, d);
    }
    return flat;
  }

  private Map<String, Object> hmm(ClassicBenchData.Hmm d, int iterations, boolean symbols, String name)
      throws IOException {
    if (export != null) {
      ClassicBenchData.export(d, export.resolve(name), symbols);
    }
    Sequences data = Sequences.ofVectors(d.sequences());
    // minCovar 0: maximum-likelihood variances, as hmmlearn with covars_prior=0; -∞ tol runs every iteration
    HmmTrainer.Options options = HmmTrainer.Options.defaults().withTol(Double.NEGATIVE_INFINITY)
        .withMaxIter(iterations).withMinCovar(0).withThreads(common.threads());
    double[] fit = new double[repeat];
    HmmModel fitted = null;
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      fitted = new HmmTrainer(options).fit(data, d.start());
      fit[r] = seconds(t0);
    }
    List<Double> history = fitted.logLikelihoodHistory();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", symbols ? "categorical HMM, 2 states, 27 symbols" : "Gaussian HMM, 4 states, diagonal covariances");
    m.put("sequences", data.size());
    m.put("steps", data.totalSteps());
    m.put("features", data.dim());
    m.put("data", d.source());
    m.put("iterations", history.size());
    m.put("fit_seconds", BenchMachine.round(fit[0], 4));
    m.put("seconds_per_iteration", BenchMachine.round(fit[0] / history.size(), 6));
    if (repeat > 1) {
      m.put("seconds_per_iteration_warm", BenchMachine.round(warm(fit) / history.size(), 6));
    }
    m.put("log_likelihood_first_iteration", history.get(0));
    m.put("log_likelihood_last_iteration", history.get(history.size() - 1));
    m.put("log_likelihood_after_fit", fitted.score(data));
    return m;
  }

  /** The median of runs 2..R. */
  private static double warm(double[] runs) {
    double[] w = java.util.Arrays.copyOfRange(runs, 1, runs.length);
    java.util.Arrays.sort(w);
    return w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private List<String> args() {
    List<String> a = new ArrayList<>(List.of("bench", "classic"));
    if (only != null) {
      a.addAll(List.of("--only", String.join(",", only)));
    }
    if (scale != 1.0) {
      a.addAll(List.of("--scale", Double.toString(scale)));
    }
    if (repeat != 1) {
      a.addAll(List.of("--repeat", Integer.toString(repeat)));
    }
    a.addAll(List.of("--seed", Long.toString(common.seed())));
    if (common.threads != null) {
      a.addAll(List.of("--threads", Integer.toString(common.threads)));
    }
    if (export != null) {
      a.addAll(List.of("--export", export.toString()));
    }
    return a;
  }
}
