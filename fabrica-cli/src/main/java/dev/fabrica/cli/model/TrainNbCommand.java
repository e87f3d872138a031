package dev.fabrica.cli.model;

import dev.fabrica.classic.nb.NbConfig;
import dev.fabrica.classic.nb.NbData;
import dev.fabrica.classic.nb.NbEngine;
import dev.fabrica.classic.nb.NbKind;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
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

/** {@code fabrica train nb}: fits a Naive Bayes model on a CSV (a prepared split or any table). */
@Command(
    name = "nb",
    mixinStandardHelpOptions = true,
    description = {
      "Fit a generative Naive Bayes model P(x, y) on a CSV with a header. With a prepared dataset",
      "(a prep output folder), normalized columns are sampled back on their original scale."
    })
public final class TrainNbCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "CSV", description = "Training data, e.g. out/reviews/train.csv.")
  Path data;

  @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The class column.")
  String label;

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "mixed",
      description = "gaussian, multinomial, bernoulli, categorical, complement or mixed (default: ${DEFAULT-VALUE}: each column by its type).")
  String kind;

  @Option(names = "--text", paramLabel = "COLUMN", split = ",", description = "mixed only: columns modelled as bags of words.")
  List<String> text = List.of();

  @Option(names = "--alpha", paramLabel = "A", description = "Additive smoothing of counts (default: 1).")
  Double alpha;

  @Option(names = "--var-smoothing", paramLabel = "E", description = "Added to variances, times the largest variance (default: 1e-9).")
  Double varSmoothing;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run directory to write.")
  Path out;

  @Option(names = "--overwrite", description = "Replace the run directory if it exists.")
  boolean overwrite;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "embedded",
      description = "embedded (default: this JVM) or spark (sufficient statistics per partition, merged; needs the fabrica-spark jar, which ./fabrica adds); the model is the same.")
  String engine;

  @Option(names = "--master", paramLabel = "URL",
      description = "With --engine spark: local[*] (default), local[N] or spark://host:7077.")
  String master;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(data)) {
      throw new BadInputException("--data: no such file: " + data);
    }
    NbConfig config = config();
    NbModel model;
    long rows;
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", "nb");
    c.put("kind", config.kind().id());
    c.put("data", data.toString());
    if (engine.equals("embedded")) {
      if (master != null) {
        throw new BadInputException("--master: only --engine spark takes a master URL");
      }
      NbData train = NbData.fromCsv(data, label, config);
      model = NbModel.fit(config, train);
      rows = train.size();
      c.put("data_fingerprint", train.fingerprint());
    } else {
      model = NbEngine.named(engine).fit(config, data, label, master);
      rows = ((Number) model.provenance().get(0).get("rows")).longValue();
      c.put("engine", engine);
    }
    c.put("label", label);
    c.put("rows", rows);
    c.put("classes", model.classes());
    c.put("seed", common.seed());
    RunDir.write(out, overwrite, c, dir -> model.save(dir.resolve("model.json")));
    spec.commandLine().getOut().printf("trained %s naive bayes on %,d rows of %s (%d classes: %s)%nwrote %s%n",
        config.kind().id(), rows, data, model.classes().size(), String.join(", ", model.classes()), out);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private NbConfig config() {
    NbConfig c = NbConfig.defaults(NbKind.of(kind)).withSeed(common.seed());
    try {
      if (alpha != null) {
        c = c.withAlpha(alpha);
      }
      if (varSmoothing != null) {
        c = c.withVarSmoothing(varSmoothing);
      }
      if (!text.isEmpty()) {
        c = c.withTextColumns(text);
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputException("train nb: " + e.getMessage());
    }
    return c;
  }
}
