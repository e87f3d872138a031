package dev.fabrica.cli.model;

import dev.fabrica.classic.nb.NbEngine;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.cli.CommonOptions;
import dev.fabrica.cli.neural.GptCli;
import dev.fabrica.cli.neural.GptSampleOptions;
import dev.fabrica.cli.neural.ImageSampling;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.data.format.Formats;
import dev.fabrica.data.format.RowWriter;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fabrica sample RUN}: draws new data from a trained model. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Draw new data from a trained model: rows for naive bayes and tabular runs, sequences for HMMs, images for VAEs and GANs, text for GPT.")
public final class SampleCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'fabrica train'.")
  Path run;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10", description = "How many rows or sequences (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--class", paramLabel = "LABEL", description = "naive bayes, cgan: sample this class only (default: by the class prior; cgan: every class in turn); tabular runs take --where.")
  String classLabel;

  @Option(names = "--length", paramLabel = "STEPS", defaultValue = "100", description = "HMM: steps per sequence (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--out", paramLabel = "FILE", description = {
      "Rows: write here (csv, jsonl, json or parquet by extension) instead of printing CSV.",
      "Images: a .png file gets a grid, a directory one PNG per image."})
  Path out;

  @Option(names = "--reconstruct", description = "VAE: write the first N test images and their reconstructions instead of samples.")
  boolean reconstruct;

  @Option(names = "--interpolate", paramLabel = "A,B", split = ",", description = "VAE: an N-step latent interpolation strip between test images A and B.")
  int[] interpolate;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "embedded",
      description = "naive bayes and tabular runs: spark draws the rows on Apache Spark into a directory of Parquet parts (--out: a path or file://, hdfs://, s3a:// URI); needs the fabrica-spark jar, which ./fabrica adds.")
  String engine;

  @Option(names = "--master", paramLabel = "URL", description = "With --engine spark: local[*] (default), local[N] or spark://host:7077.")
  String master;

  @Option(names = "--rows-per-part", paramLabel = "R", defaultValue = "1000000",
      description = "With --engine spark: rows per Parquet part (default: ${DEFAULT-VALUE}); part p is drawn with a seed derived from --seed and p.")
  int rowsPerPart;

  @Option(names = "--where", paramLabel = "COLUMN=VALUE",
      description = "tabular: only rows with this value (repeatable: --where class=2 --where color=red); naive bayes: its label column only, as --class.")
  java.util.List<String> where;

  @Mixin GptSampleOptions gpt;

  /** The models whose samples --class chooses (vae and gan refuse it with a reason of their own). */
  private static final java.util.Set<String> CLASSED = java.util.Set.of("nb", "vae", "gan", "cgan", "t2i");

  /** The models --psi truncates (the VAE refuses it with a reason of its own). */
  private static final java.util.List<String> TRUNCATED = java.util.List.of("vae", "gan", "cgan", "stylegan", "t2i");

  @Mixin dev.fabrica.cli.neural.StyleSampling.Options style;

  @Override
  public Integer call() throws IOException {
    String model = RunDir.modelOf(run);
    if (classLabel != null && !CLASSED.contains(model)) {
      throw new BadInputException(model.equals("tabular") ? "--class: tabular runs take --where COLUMN=VALUE instead"
          : "--class: " + run + " holds a '" + model + "' model, which has no classes to choose"
              + (model.equals("stylegan") ? " (train a cgan or t2i to choose classes)" : ""));
    }
    if (style.psi() != null && !TRUNCATED.contains(model)) {
      throw new BadInputException("--psi: only image models sampled from a latent (" + String.join(", ", TRUNCATED)
          + ") take a truncation; " + run + " holds a '" + model + "' model");
    }
    if (model.equals("gpt")) { // one text unless -n asks for more
      int count = spec.commandLine().getParseResult().hasMatchedOption("-n") ? n : 1;
      return GptCli.sample(run, gpt, count, common.seed(), common.threads(), spec.commandLine().getOut(), common.reporter());
    }
    if (n < 0) {
      throw new BadInputException("-n must not be negative, got " + n);
    }
    if (!engine.equals("embedded")) {
      return sampleOn(engine, model);
    }
    if (master != null) {
      throw new BadInputException("--master: only --engine spark takes a master URL");
    }
    if (model.equals("nb")) {
      NbModel nb = NbModel.load(run.resolve("model.json"));
      emit(nb.sample(n, common.seed(), nbClass(nb)));
      return 0;
    }
    if (model.equals("tabular")) {
      dev.fabrica.tabular.Table rows = dev.fabrica.cli.tabular.TabularRuns.load(run)
          .sample(n, common.seed(), dev.fabrica.cli.tabular.TabularRuns.where(where));
      if (out == null) {
        emit(rows.toDataset());
      } else {
        dev.fabrica.tabular.TableIO.write(rows, out);
        spec.commandLine().getOut().printf("wrote %,d rows to %s%n", rows.size(), out);
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
    if (where != null) {
      throw new BadInputException("--where: only tabular runs sample with conditions, " + run + " holds '" + model + "'");
    }
    if (model.equals("hmm")) {
      return HmmRuns.sample(run, n, length, common.seed(), out, spec.commandLine().getOut());
    }
    if (model.equals("stylegan")) {
      return dev.fabrica.cli.neural.StyleSampling.sample(run, style, n, common.seed(), out, common.threads(), spec.commandLine().getOut());
    }
    if (model.equals("vae") || model.equals("gan") || model.equals("cgan") || model.equals("t2i")) {
      if (interpolate != null && interpolate.length != 2) {
        throw new BadInputException("--interpolate takes two test image indexes, A,B");
      }
      return ImageSampling.sample(run, new ImageSampling.Request(
          n, common.seed(), classLabel, spec.commandLine().getParseResult().hasMatchedOption("--prompt") ? gpt.prompt() : null,
          out, reconstruct, interpolate, style.psi(), common.threads()), spec.commandLine().getOut());
    }
    throw new BadInputException(run.resolve("config.json") + ": cannot sample model '" + model + "'");
  }

  /** Draws rows on another engine into a directory of Parquet parts: naive Bayes and tabular runs. */
  private int sampleOn(String engine, String model) {
    if (!model.equals("nb") && !model.equals("tabular")) {
      throw new BadInputException("--engine " + engine + ": only naive bayes and tabular runs sample on another engine, " + run + " holds '" + model + "'");
    }
    if (out == null) {
      throw new BadInputException("--engine " + engine + ": --out names the directory (or URI) of the Parquet parts");
    }
    // as typed: a Path would fold the "//" of hdfs:// or s3a:// URIs
    String uri = spec.commandLine().getParseResult().matchedOption("--out").stringValues().get(0);
    long parts;
    if (model.equals("nb")) {
      NbModel nb = NbModel.load(run.resolve("model.json"));
      parts = NbEngine.named(engine).sample(nb, n, common.seed(), nbClass(nb), uri, rowsPerPart, master);
    } else {
      dev.fabrica.tabular.TabularEngine tabular = dev.fabrica.tabular.TabularEngine.named(engine);
      Object synthesizer = RunDir.config(run).get("synthesizer");
      if (!tabular.synthesizers().contains(String.valueOf(synthesizer))) { // checked before loading: TVAE and CTGAN start DJL
        throw new BadInputException("--engine " + engine + ": " + run + " is a " + synthesizer + " run; this engine samples "
            + String.join(", ", new java.util.TreeSet<>(tabular.synthesizers())) + " runs (sample it without --engine " + engine + ")");
      }
      parts = tabular.sample(dev.fabrica.cli.tabular.TabularRuns.load(run), n, common.seed(),
          dev.fabrica.cli.tabular.TabularRuns.where(where), uri, rowsPerPart, master);
    }
    spec.commandLine().getOut().printf("wrote %,d rows in %,d Parquet parts to %s%n", (long) n, parts, uri);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * The class a naive Bayes run samples: {@code --class}, or {@code --where LABEL=VALUE} on the
   * model's label column, which says the same; any other condition is refused, since the model
   * draws every feature given the class only.
   */
  private String nbClass(NbModel nb) {
    java.util.Map<String, String> conditions = dev.fabrica.cli.tabular.TabularRuns.where(where);
    String label = nb.table().labelColumn();
    for (String column : conditions.keySet()) {
      if (!column.equals(label)) {
        throw new BadInputException("--where " + column + "=" + conditions.get(column) + ": a naive bayes run samples by its label '"
            + label + "' only (--where " + label + "=VALUE, the same as --class VALUE)");
      }
    }
    String value = conditions.get(label);
    if (value != null && classLabel != null && !value.equals(classLabel)) {
      throw new BadInputException("--where " + label + "=" + value + " and --class " + classLabel + " ask for different classes");
    }
    return value != null ? value : classLabel;
  }

  private void emit(Dataset samples) throws IOException {
    if (out == null) {
      PrintWriter w = spec.commandLine().getOut();
      w.println(String.join(",", samples.schema().names()));
      samples.forEach(r -> {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.size(); i++) {
          b.append(i == 0 ? "" : ",").append(csvField(Cells.asText(r.get(i))));
        }
        w.println(b);
      });
      w.flush();
      return;
    }
    writeFile(samples, out);
    spec.commandLine().getOut().println("wrote " + samples.size() + " rows to " + out);
    spec.commandLine().getOut().flush();
  }

  /** Writes a dataset in the format its file name implies, through a temporary file and a rename. */
  static void writeFile(Dataset data, Path file) throws IOException {
    String name = file.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    RowWriter w = Formats.output(ext, "--out " + file);
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempFile(abs.getParent(), "." + name + ".", ".tmp");
    try {
      w.write(data, tmp);
      AtomicFiles.publish(tmp, false);
      AtomicFiles.move(tmp, abs);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

}
