package dev.fabrica.cli.tabular;

import dev.fabrica.cli.CommonOptions;
import dev.fabrica.cli.model.RunDir;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Version;
import dev.fabrica.neural.tabular.TabularTraining;
import dev.fabrica.neural.train.TrainLoop;
import dev.fabrica.tabular.Holdout;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TableIO;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.copula.CopulaConfig;
import dev.fabrica.tabular.copula.CopulaModel;
import dev.fabrica.tabular.copula.CopulaSynthesizer;
import dev.fabrica.neural.tabular.CtganConfig;
import dev.fabrica.neural.tabular.CtganModel;
import dev.fabrica.neural.tabular.TvaeConfig;
import dev.fabrica.neural.tabular.TvaeModel;
import dev.fabrica.tabular.meta.Metadata;
import java.io.PrintWriter;
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
import picocli.CommandLine.Spec;

/** {@code fabrica train tabular}: fits a synthesizer of a table into a run directory. */
@Command(
    name = "tabular",
    mixinStandardHelpOptions = true,
    description = {
      "Learn a table (CSV, TSV, JSON, JSONL, Parquet; scikit-learn's bundled CSVs too) to draw synthetic",
      "rows from. Column types are detected and printed; override them, and add constraints, in a",
      "JSON file given with --metadata (the run's metadata.json is a starting point)."
    })
public final class TrainTabularCommand implements Callable<Integer> {
  /** The fraction of rows held out for eval's efficacy and privacy baselines, by default. */
  public static final double DEFAULT_HOLDOUT = 0.2;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "The real table.")
  Path data;

  @Option(names = "--synthesizer", paramLabel = "NAME", defaultValue = "copula",
      description = "copula (a Gaussian copula), tvae (a VAE) or ctgan (a conditional WGAN-GP), the last two over mode-specific normalized columns (default: ${DEFAULT-VALUE}).")
  String synthesizer;

  @Option(names = "--epochs", paramLabel = "N", description = "tvae, ctgan: passes over the training rows (default: 300).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "B", description = "tvae, ctgan: rows per step (default: 500; ctgan: a multiple of its pack size 10).")
  Integer batch;

  @Option(names = "--lr", paramLabel = "LR", description = "tvae, ctgan: Adam's learning rate (default: tvae 1e-3, ctgan 2e-4).")
  Double lr;

  @Option(names = "--metadata", paramLabel = "JSON",
      description = "Column types and constraints that override the detected ones: {\"columns\": {\"class\": {\"type\": \"categorical\"}}, \"constraints\": [...]}.")
  Path metadata;

  @Option(names = "--holdout", paramLabel = "F", defaultValue = "" + DEFAULT_HOLDOUT,
      description = "Fraction of rows (seeded by --seed) kept out of training, for eval's efficacy and privacy baselines (default: ${DEFAULT-VALUE}; 0 trains on all).")
  double holdout;

  @Option(names = "--distributions", paramLabel = "NAMES", split = ",",
      description = "copula: marginal families to choose from by goodness of fit (default: normal, truncnorm, beta, uniform, kde).")
  List<String> distributions;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run directory to write.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the run directory if it exists.")
  boolean overwrite;

  @Option(names = "--resume", description = {
      "tvae, ctgan: continue the run in --out from its last checkpoint (RUN/last, written every tenth of the",
      "run and on Ctrl-C or SIGTERM) with its settings and the same --data; --epochs may lengthen it."})
  boolean resume;

  private CtganConfig ctganConfig() {
    CtganConfig c = CtganConfig.defaults().withSeed(common.seed());
    try {
      if (epochs != null) {
        c = c.withEpochs(epochs);
      }
      if (batch != null) {
        c = c.withBatch(batch);
      }
      if (lr != null) {
        c = c.withLr(lr);
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputException("train tabular: " + e.getMessage());
    }
    return c;
  }

  private TvaeConfig tvaeConfig() {
    TvaeConfig c = TvaeConfig.defaults().withSeed(common.seed());
    try {
      if (epochs != null) {
        c = c.withEpochs(epochs);
      }
      if (batch != null) {
        c = c.withBatch(batch);
      }
      if (lr != null) {
        c = c.withLr(lr);
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputException("train tabular: " + e.getMessage());
    }
    return c;
  }

  @Override
  public Integer call() {
    if (resume) {
      return resume();
    }
    if (!(holdout >= 0 && holdout < 1)) {
      throw new BadInputException("--holdout must be in [0, 1), got " + holdout);
    }
    if (!List.of("copula", "tvae", "ctgan").contains(synthesizer)) {
      throw new BadInputException("--synthesizer: unknown '" + synthesizer + "' (available: copula, tvae, ctgan)");
    }
    if (synthesizer.equals("copula") && (epochs != null || batch != null || lr != null)) {
      throw new BadInputException("--epochs, --batch and --lr are tvae and ctgan options; --synthesizer is " + synthesizer);
    }
    if (metadata != null && !Files.isRegularFile(metadata)) {
      throw new BadInputException("--metadata: no such file: " + metadata);
    }
    Table table = TableIO.read(data);
    Metadata meta = Metadata.detect(table);
    if (metadata != null) {
      meta = meta.withOverrides(metadata, table);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.print(meta.describe());
    Holdout split = Holdout.split(table, holdout, common.seed());
    if (split.train().size() < 2) {
      throw new BadInputException("--holdout " + holdout + " leaves " + split.train().size() + " of " + table.size() + " rows to train on");
    }
    long t0 = System.nanoTime();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", "tabular");
    c.put("synthesizer", synthesizer);
    c.put("data", data.toString());
    c.put("data_fingerprint", table.fingerprint());
    c.put("rows", table.size());
    c.put("train_rows", split.train().size());
    c.put("holdout", holdout);
    c.put("seed", common.seed());
    Metadata finalMeta = meta;
    String summary;
    if (synthesizer.equals("ctgan")) {
      CtganConfig config = ctganConfig();
      c.put("ctgan", config);
      int code = neural(c, dir -> CtganModel.train(split.train(), finalMeta, config, dir, false, common.threads(), common.reporter()));
      if (code != 0) {
        return code;
      }
      summary = String.format("trained a ctgan (%d epochs) on %,d of %,d rows of %s (%,d held out) in %.1f s",
          config.epochs(), split.train().size(), table.size(), data, split.heldOut().size(), (System.nanoTime() - t0) / 1e9);
    } else if (synthesizer.equals("tvae")) {
      TvaeConfig config = tvaeConfig();
      c.put("tvae", config);
      int code = neural(c, dir -> TvaeModel.train(split.train(), finalMeta, config, dir, false, common.threads(), common.reporter()));
      if (code != 0) {
        return code;
      }
      summary = String.format("trained a tvae (%d epochs) on %,d of %,d rows of %s (%,d held out) in %.1f s",
          config.epochs(), split.train().size(), table.size(), data, split.heldOut().size(), (System.nanoTime() - t0) / 1e9);
    } else {
      CopulaConfig config = CopulaConfig.defaults().withSeed(common.seed());
      try {
        if (distributions != null) {
          config = config.withDistributions(distributions);
        }
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--" + e.getMessage());
      }
      CopulaModel model = CopulaSynthesizer.fit(split.train(), meta, config);
      double seconds = (System.nanoTime() - t0) / 1e9;
      c.put("distributions", config.distributions());
      c.put("fit_seconds", seconds);
      TabularModel m = model;
      RunDir.write(out, overwrite, c, m::save);
      if (!model.marginals().isEmpty()) {
        w.println("marginals: " + model.marginals().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      }
      summary = String.format("trained a copula synthesizer on %,d of %,d rows of %s (%,d held out) in %.2f s",
          split.train().size(), table.size(), data, split.heldOut().size(), seconds);
    }
    w.printf("%s%nwrote %s%n", summary, out);
    w.flush();
    return 0;
  }

  /**
   * Trains a neural synthesizer in the run directory itself, config.json first, as the image models
   * do: a run stopped by a signal keeps its last checkpoint there for --resume (a staged directory
   * would be thrown away). Returns the exit code of a stopped run, or 0.
   */
  private int neural(Map<String, Object> config, java.util.function.Function<Path, TabularTraining.Result<?>> train) {
    dev.fabrica.neural.run.RunDirectory.fresh(out, overwrite);
    writeConfig(config);
    return finish(train.apply(out));
  }

  private void writeConfig(Map<String, Object> config) {
    Map<String, Object> c = new LinkedHashMap<>(config);
    c.put("fabrica_version", Version.get());
    Json.writeFile(out.resolve("config.json"), c);
  }

  private int finish(TabularTraining.Result<?> r) {
    try {
      r.model().close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the trained model", e);
    }
    TrainLoop.Outcome o = r.outcome();
    if (o.stopped()) {
      common.reporter().warn(String.format("stopped at step %d after %.1f s; continue with --resume --out %s", o.step(), o.seconds(), out));
      return o.exitCode();
    }
    return 0;
  }

  /** {@code --resume}: the run's synthesizer, settings, holdout and seed, on the table it was trained on. */
  private int resume() {
    if (overwrite) {
      throw new BadInputException("--resume and --overwrite contradict each other: choose one");
    }
    for (String option : List.of("--batch", "--lr", "--metadata", "--holdout", "--distributions", "--seed")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new BadInputException(option + ": a resumed run keeps the settings of " + out.resolve("config.json") + "; only --epochs may change");
      }
    }
    Map<String, Object> saved = RunDir.config(out);
    Object s = saved.get("synthesizer");
    if (!"tabular".equals(saved.get("model")) || !"tvae".equals(s) && !"ctgan".equals(s)) {
      throw new BadInputException("--resume: " + out + " holds a '" + saved.get("model") + "' " + (s == null ? "" : s + " ")
          + "run; only tvae and ctgan tabular runs train in steps that can be resumed");
    }
    if (spec.commandLine().getParseResult().hasMatchedOption("--synthesizer") && !synthesizer.equals(s)) {
      throw new BadInputException("--synthesizer " + synthesizer + ": " + out + " is a " + s + " run");
    }
    Table table = TableIO.read(data);
    if (!table.fingerprint().equals(saved.get("data_fingerprint"))) {
      throw new BadInputException("--data " + data + " is not the table " + out + " was trained on (" + saved.get("data")
          + "): its fingerprint differs from config.json's");
    }
    long seed = ((Number) saved.get("seed")).longValue();
    Holdout split = Holdout.split(table, ((Number) saved.get("holdout")).doubleValue(), seed);
    long t0 = System.nanoTime();
    Map<String, Object> c = new LinkedHashMap<>(saved);
    c.remove("fabrica_version");
    int epochsNow;
    int code;
    try {
      if (s.equals("ctgan")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> cm = new LinkedHashMap<>((Map<String, Object>) saved.get("ctgan"));
        cm.putIfAbsent("discriminatorSteps", 1); // runs written before the setting existed trained with one
        CtganConfig config = Json.MAPPER.convertValue(cm, CtganConfig.class);
        CtganConfig target = epochs == null ? config : config.withEpochs(epochs);
        c.put("ctgan", target);
        writeConfig(c);
        epochsNow = target.epochs();
        code = finish(CtganModel.train(split.train(), null, target, out, true, common.threads(), common.reporter()));
      } else {
        TvaeConfig config = Json.MAPPER.convertValue(saved.get("tvae"), TvaeConfig.class);
        TvaeConfig target = epochs == null ? config : config.withEpochs(epochs);
        c.put("tvae", target);
        writeConfig(c);
        epochsNow = target.epochs();
        code = finish(TvaeModel.train(split.train(), null, target, out, true, common.threads(), common.reporter()));
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputException("train tabular: " + e.getMessage());
    }
    if (code != 0) {
      return code;
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf("trained a %s (%d epochs, resumed) on %,d rows of %s in %.1f s%nwrote %s%n",
        s, epochsNow, split.train().size(), data, (System.nanoTime() - t0) / 1e9, out);
    w.flush();
    return 0;
  }
}
