package dev.fabrica.cli.model;

import dev.fabrica.classic.hmm.CovarianceType;
import dev.fabrica.classic.hmm.HmmEngine;
import dev.fabrica.classic.hmm.HmmJson;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.HmmSpec;
import dev.fabrica.classic.hmm.HmmTrainer;
import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fabrica train hmm}: fits a Hidden Markov Model by Baum-Welch on sequences from a CSV or a text. */
@Command(
    name = "hmm",
    mixinStandardHelpOptions = true,
    description = {
      "Fit a Hidden Markov Model by Baum-Welch. Sequences come from a CSV (--data, grouped by",
      "--sequence-id; features from --columns or a symbol from --symbol) or from a text (--text: each",
      "fortune entry or line a sequence of characters over --alphabet letters|chars)."
    })
public final class TrainHmmCommand implements Callable<Integer> {
  /** EM iterations each restart runs before the most likely one continues. */
  static final int PROBE_ITERATIONS = 20;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the sequences come from. */
  static final class Source {
    @Option(names = "--data", paramLabel = "CSV", description = "A CSV of observations, one row per step.")
    Path data;

    @Option(names = "--text", paramLabel = "FILE", description = "A text file: fortune entries or lines.")
    Path text;
  }

  @Option(names = "--sequence-id", paramLabel = "COLUMN", description = "CSV: the column naming each row's sequence.")
  String sequenceId;

  @Option(names = "--columns", paramLabel = "COLUMN", split = ",", description = "CSV: feature columns (default: every numeric column).")
  List<String> columns = List.of();

  @Option(names = "--symbol", paramLabel = "COLUMN", description = "CSV: a column of discrete symbols (categorical emission).")
  String symbol;

  @Option(names = "--alphabet", paramLabel = "A", defaultValue = "letters", description = "--text: letters (a-z and space) or chars (every character seen).")
  String alphabet;

  @Option(names = "--states", required = true, paramLabel = "N", description = "Hidden states.")
  int states;

  @Option(names = "--emission", paramLabel = "KIND",
      description = "categorical, gaussian, gmm or poisson (default: categorical for --text and --symbol, else gaussian).")
  String emission;

  @Option(names = "--covariance", paramLabel = "TYPE", defaultValue = "diag", description = "gaussian: diag, full, spherical or tied (default: ${DEFAULT-VALUE}).")
  String covariance;

  @Option(names = "--mix", paramLabel = "M", defaultValue = "2", description = "gmm: components per state (default: ${DEFAULT-VALUE}).")
  int mix;

  @Option(names = "--max-iter", paramLabel = "N", description = "At most N EM iterations (default: 100).")
  Integer maxIter;

  @Option(names = "--tol", paramLabel = "NATS", description = "Stop when an iteration gains less (default: 0.01).")
  Double tol;

  @Option(names = "--init", paramLabel = "HOW", defaultValue = "auto", description = "auto, random or kmeans (default: ${DEFAULT-VALUE}).")
  String init;

  @Option(names = "--restarts", paramLabel = "N", defaultValue = "5",
      description = "Start EM from N seeds (--seed, --seed+1, ...), 20 iterations each, and continue the most likely: EM finds local optima (default: ${DEFAULT-VALUE}).")
  int restarts;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run directory to write.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the run directory if it exists.")
  boolean overwrite;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "embedded",
      description = "embedded (default: this JVM) or spark (each E-step over the partitions' sequences, the M-step here; needs the fabrica-spark jar, which ./fabrica adds); the log-likelihoods are the same.")
  String engine;

  @Option(names = "--master", paramLabel = "URL",
      description = "With --engine spark: local[*] (default), local[N] or spark://host:7077.")
  String master;

  @Override
  public Integer call() {
    Path input = source.data != null ? source.data : source.text;
    if (!Files.isRegularFile(input)) {
      throw new BadInputException((source.data != null ? "--data" : "--text") + ": no such file: " + input);
    }
    HmmInputs.Loaded data;
    if (source.text != null) {
      data = HmmInputs.text(source.text, alphabet, null);
    } else {
      if (sequenceId == null) {
        throw new BadInputException("--sequence-id: name the column that says which sequence each row belongs to");
      }
      data = HmmInputs.csv(source.data, sequenceId, columns, symbol, null);
    }
    String kind = emission != null ? emission : data.alphabet() != null ? "categorical" : "gaussian";
    if (kind.equals("categorical") && data.alphabet() == null) {
      throw new BadInputException("--emission categorical needs symbols: use --symbol COLUMN or --text");
    }
    HmmSpec hmmSpec = switch (kind) {
      case "categorical" -> HmmSpec.categorical(states, data.alphabet().size());
      case "gaussian" -> HmmSpec.gaussian(states, CovarianceType.parse(covariance));
      case "gmm" -> HmmSpec.gmm(states, mix);
      case "poisson" -> HmmSpec.poisson(states);
      default -> throw new BadInputException("--emission: expected categorical, gaussian, gmm or poisson, got '" + kind + "'");
    };
    HmmTrainer.Options opts = HmmTrainer.Options.defaults().withSeed(common.seed()).withThreads(common.threads())
        .withInit(initOf(init));
    if (maxIter != null) {
      opts = opts.withMaxIter(maxIter);
    }
    if (tol != null) {
      opts = opts.withTol(tol);
    }
    HmmModel model;
    if (engine.equals("embedded")) {
      if (master != null) {
        throw new BadInputException("--master: only --engine spark takes a master URL");
      }
      model = new HmmTrainer(opts, common.reporter()).fitBestOf(data.sequences(), hmmSpec, restarts, PROBE_ITERATIONS);
    } else {
      model = HmmEngine.named(engine).fitBestOf(opts, common.reporter(), data.sequences(), hmmSpec, restarts,
          PROBE_ITERATIONS, master);
    }
    if (data.alphabet() != null) {
      model = model.withAlphabet(data.alphabet());
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", "hmm");
    c.put("emission", kind);
    c.put("states", states);
    if (kind.equals("gaussian")) {
      c.put("covariance", covariance);
    }
    c.put(source.text != null ? "text" : "data", input.toString());
    if (source.text != null) {
      c.put("alphabet", alphabet);
    } else {
      c.put("sequence_id", sequenceId);
      c.put("columns", data.columns());
      if (symbol != null) {
        c.put("symbol", symbol);
      }
    }
    c.put("sequences", data.sequences().size());
    c.put("steps", data.steps());
    c.put("seed", common.seed());
    c.put("restarts", restarts);
    if (!engine.equals("embedded")) {
      c.put("engine", engine);
    }
    List<Double> history = model.logLikelihoodHistory();
    int iterations = history.size();
    c.put("iterations", iterations);
    c.put("log_likelihood", history.isEmpty() ? null : history.get(history.size() - 1));
    HmmModel fitted = model;
    RunDir.write(out, overwrite, c, dir -> HmmJson.save(fitted, dir.resolve("model.json")));
    spec.commandLine().getOut().printf("trained a %d-state %s HMM on %,d sequences (%,d steps) in %d iterations, "
            + "log-likelihood %.2f%nwrote %s%n", states, kind, data.sequences().size(), data.steps(), iterations,
        history.isEmpty() ? Double.NaN : history.get(history.size() - 1), out);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static HmmTrainer.Init initOf(String s) {
    try {
      return HmmTrainer.Init.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--init: expected auto, random or kmeans, got '" + s + "'");
    }
  }
}
