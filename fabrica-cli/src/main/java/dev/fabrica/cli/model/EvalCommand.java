package dev.fabrica.cli.model;

import dev.fabrica.classic.nb.NbData;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.cli.CommonOptions;
import dev.fabrica.cli.neural.ImageEval;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fabrica eval RUN --data FILE}: scores a trained model on held-out data, prints JSON, writes RUN/scores.json. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Score a trained model on held-out data. naive bayes: accuracy, log-loss, mean log-likelihood",
      "log P(x, y) and log P(x) per row. HMM: log-likelihood per step, AIC, BIC. VAE, GAN, cGAN:",
      "FID-FMNIST, KID, an inception-score-like figure, class accuracy (cGAN), test negative ELBO",
      "(VAE), with the floor (real images) and ceiling (noise) of each score. GPT (--text FILE):",
      "loss in nats per token, perplexity, bits per character. tabular (--real FILE [--synthetic FILE]):",
      "quality (column shapes, pair trends), detection AUC, ML efficacy, distance to closest record."
    })
public final class EvalCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'fabrica train'.")
  Path run;

  @Option(names = "--data", paramLabel = "FILE", description = {
      "Held-out data in the training layout (naive bayes, HMM: required).",
      "Image models: the Fashion-MNIST directory (default: the one the run was trained on)."})
  Path data;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10000", description = "Image models: samples to score (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--classifier", paramLabel = "RUN", description = "Image models: the run of 'fabrica train classifier' (default: a 'classifier' run beside RUN).")
  Path classifier;

  @Option(names = "--psi", paramLabel = "PSI", description = "Image models but the VAE: score samples drawn with truncation psi (see 'sample --psi'; default: the model's, 0.7 for t2i, 1 for the others).")
  Double psi;

  @Option(names = "--text", paramLabel = "FILE", description = "gpt: held-out text to score (loss, perplexity, bits per character).")
  Path text;

  @Option(names = "--real", paramLabel = "FILE", description = "tabular: the real table the run was trained on (its held-out rows are found again).")
  Path real;

  @Option(names = "--synthetic", paramLabel = "FILE", description = "tabular: the synthetic table to score (default: -n rows drawn with --seed).")
  Path synthetic;

  @Option(names = "--report", paramLabel = "HTML", description = "tabular: also write the HTML report with per-column plots here.")
  Path report;

  @Option(names = "--target", paramLabel = "COLUMN", description = "tabular: the column ML efficacy predicts (default: the last categorical one).")
  String target;

  @Override
  public Integer call() {
    String model = RunDir.modelOf(run);
    if (model.equals("tabular")) {
      int rows = spec.commandLine().getParseResult().hasMatchedOption("-n") ? n : -1;
      if (rows == -1) {
        rows = real == null ? 0 : dev.fabrica.tabular.TableIO.read(real).size();
      }
      Map<String, Object> scores = dev.fabrica.cli.tabular.TabularRuns.evaluate(run, real, synthetic, rows, target, common.seed(), report).toJson();
      scores.put("real", String.valueOf(real));
      scores.put("synthetic", synthetic == null ? "drawn: " + rows + " rows, seed " + common.seed() : synthetic.toString());
      Json.writeFile(run.resolve("scores.json"), scores);
      spec.commandLine().getOut().println(Json.pretty(scores));
      if (report != null) {
        spec.commandLine().getOut().println("wrote " + report);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (model.equals("gpt")) {
      Map<String, Object> scores = dev.fabrica.cli.neural.GptCli.eval(run, text, common.threads());
      Json.writeFile(run.resolve("scores.json"), scores);
      spec.commandLine().getOut().println(Json.pretty(scores));
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (model.equals("vae") || model.equals("gan") || model.equals("cgan") || model.equals("stylegan") || model.equals("t2i")) {
      Map<String, Object> scores = ImageEval.eval(run, data, classifier, n, psi, common);
      Json.writeFile(run.resolve("scores.json"), scores);
      spec.commandLine().getOut().println(Json.pretty(scores));
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (data == null) {
      throw new BadInputException("--data is required for a " + model + " model: held-out data in the training layout");
    }
    if (!Files.isRegularFile(data)) {
      throw new BadInputException("--data: no such file: " + data);
    }
    Map<String, Object> scores = switch (model) {
      case "nb" -> nb();
      case "hmm" -> HmmRuns.eval(run, data);
      default -> throw new BadInputException(run.resolve("config.json") + ": cannot evaluate model '" + model + "'");
    };
    scores.put("data", data.toString());
    Json.writeFile(run.resolve("scores.json"), scores);
    spec.commandLine().getOut().println(Json.pretty(scores));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private Map<String, Object> nb() {
    NbModel m = NbModel.load(run.resolve("model.json"));
    NbData test = NbData.fromCsv(data, m.table());
    double[][] proba = m.predictProba(test);
    List<String> classes = m.classes();
    long labelled = 0;
    long correct = 0;
    double logLoss = 0;
    double joint = 0;
    double marginal = 0;
    for (int i = 0; i < test.size(); i++) {
      Object[] x = test.features(i);
      marginal += m.logMarginal(x);
      String y = test.label(i);
      if (y == null) {
        continue;
      }
      int k = classes.indexOf(y);
      labelled++;
      int best = 0;
      for (int c = 1; c < classes.size(); c++) {
        if (proba[i][c] > proba[i][best]) {
          best = c;
        }
      }
      correct += best == k ? 1 : 0;
      // an unseen class has probability 0: clip as scikit-learn's log_loss does
      double p = k < 0 ? 0 : proba[i][k];
      logLoss -= Math.log(Math.max(p, 1e-15));
      joint += k < 0 ? Math.log(1e-15) : m.jointLogLikelihood(x)[k];
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("model", "nb");
    s.put("rows", test.size());
    s.put("labelled_rows", labelled);
    s.put("accuracy", labelled == 0 ? null : (double) correct / labelled);
    s.put("log_loss", labelled == 0 ? null : logLoss / labelled);
    s.put("mean_log_joint", labelled == 0 ? null : joint / labelled);
    s.put("mean_log_marginal", test.size() == 0 ? null : marginal / test.size());
    return s;
  }
}
