package dev.fabrica.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.cli.neural.ImageTrainOptions;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.classify.ClassifierTrainer;
import dev.fabrica.neural.gan.GanConfig;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.IdxImages;
import dev.fabrica.neural.run.ImageGenerator;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.run.ImageScores;
import dev.fabrica.neural.vae.VaeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica bench images}: the reference MLP VAE (10 epochs, batch 128, Adam 1e-3) and the
 * DCGAN (5 epochs) on Fashion-MNIST, timed per epoch (training only), with the VAE's test loss and
 * the DCGAN's FID-FMNIST; prints one JSON object. {@code bench/vae_torch.py} and
 * {@code bench/dcgan_torch.py} are the same networks in PyTorch.
 */
@Command(
    name = "images",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the reference MLP VAE (seconds per epoch, test loss after --vae-epochs) and the DCGAN",
      "(seconds per epoch, FID-FMNIST after --gan-epochs) on Fashion-MNIST. Prints one JSON object."
    })
public final class BenchImagesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = ImageTrainOptions.FASHION_MNIST, description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--only", split = ",", paramLabel = "NAME", description = "vae, gan, or none (only --score-samples) (default: vae,gan).")
  List<String> only;

  @Option(names = "--vae-epochs", defaultValue = "10", paramLabel = "E", description = "Default: ${DEFAULT-VALUE}.")
  double vaeEpochs;

  @Option(names = "--gan-epochs", defaultValue = "5", paramLabel = "E", description = "Default: ${DEFAULT-VALUE}.")
  double ganEpochs;

  @Option(names = "--classifier", paramLabel = "RUN", description = "The metrics classifier run (default: train one, 5 epochs, in the work directory).")
  Path classifier;

  @Option(names = "--score-samples", paramLabel = "IDX", description = "Also score these generated images (an IDX file, e.g. bench/dcgan_torch.py's) with the same classifier.")
  Path scoreSamples;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Train on the first N images only (quick runs); 0: all.")
  int limit;

  @Option(names = "--work", paramLabel = "DIR", description = "Keep the runs here (default: a temporary directory, deleted).")
  Path work;

  @Override
  public Integer call() throws IOException {
    List<String> names = only == null ? List.of("vae", "gan") : only;
    for (String n : names) {
      if (!n.equals("vae") && !n.equals("gan") && !n.equals("none")) {
        throw new ParameterException(spec.commandLine(), "--only: unknown benchmark '" + n + "' (known: vae, gan, none)");
      }
    }
    if (!Files.isDirectory(data)) {
      throw new BadInputException("--data: no such directory: " + data);
    }
    Reporter r = common.reporter();
    String torch = Torch.start(common.threads());
    Path dir = work != null ? work : Files.createTempDirectory("fabrica-bench-images-");
    Files.createDirectories(dir);
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      if (names.contains("vae")) {
        Path run = dir.resolve("vae");
        ImageRuns.trainVae(run, VaeConfig.defaults().withSeed(common.seed()), options(vaeEpochs, 128), r);
        Map<String, Object> v = epochs(run);
        JsonNode last = lastLine(run);
        v.put("test_loss_nats", last.get("test_loss").asDouble());
        v.put("test_recon_nats", last.get("test_recon").asDouble());
        v.put("test_kl_nats", last.get("test_kl").asDouble());
        v.put("config", VaeConfig.defaults().withSeed(common.seed()));
        out.put("vae_mlp", v);
      }
      if (names.contains("gan") || scoreSamples != null) {
        Path clfRun = classifier;
        if (clfRun == null) {
          clfRun = dir.resolve("classifier");
          ImageRuns.trainClassifier(clfRun, new ImageRuns.ClassifierConfig(128, 1e-3, common.seed()), options(5, 128), r);
        }
        ImageSet train = ImageSet.fashionMnist(data, true);
        ImageSet test = ImageSet.fashionMnist(data, false);
        try (NDManager m = NDManager.newBaseManager(); Classifier clf = ImageRuns.loadClassifier(clfRun, m)) {
          out.put("classifier", Map.of("run", clfRun.toString(), "test_accuracy", ClassifierTrainer.accuracy(clf, test, m).get("test_accuracy")));
          if (names.contains("gan")) {
            Path run = dir.resolve("dcgan");
            ImageRuns.trainGan(run, GanConfig.dcgan().withSeed(common.seed()), options(ganEpochs, 128), r);
            Map<String, Object> g = epochs(run);
            try (ImageGenerator gen = ImageRuns.load(run, m)) {
              g.putAll(ImageScores.score(gen, clf, train, test, 10_000, common.seed(), r, m));
            }
            g.put("config", GanConfig.dcgan().withSeed(common.seed()));
            out.put("dcgan", g);
          }
          if (scoreSamples != null) {
            IdxImages s = IdxImages.load(scoreSamples, null);
            float[] images = s.batch(ImageSet.range(0, s.count()), false);
            Map<String, Object> ref = new LinkedHashMap<>(ImageScores.scoreImages(images, s.count(), clf, test, common.seed(), m));
            ref.put("path", scoreSamples.toString());
            ref.put("samples", s.count());
            out.put("scored_samples", ref);
          }
        }
      }
    } finally {
      if (work == null) {
        AtomicFiles.deleteRecursively(dir);
      }
    }
    out.put("pytorch", torch);
    out.put("threads", common.threads());
    out.put("limit", limit);
    out.put("machine", BenchMachine.describe());
    out.put("command", BenchMachine.command(spec.commandLine().getParseResult().originalArgs()));
    out.put("date", java.time.LocalDate.now().toString());
    spec.commandLine().getOut().println(Json.pretty(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** One evaluation per epoch, so every interval's training seconds are an epoch's. */
  private ImageRuns.TrainOptions options(double epochs, int batch) {
    int images = limit > 0 ? Math.min(limit, 60_000) : 60_000;
    long perEpoch = (images + batch - 1) / batch;
    return new ImageRuns.TrainOptions(data, epochs, null, perEpoch, limit, false, true, common.threads());
  }

  /** Training seconds of every epoch (one evaluation per epoch). */
  private static Map<String, Object> epochs(Path run) throws IOException {
    List<Double> secs = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode n = Json.MAPPER.readTree(line);
      secs.add(BenchMachine.round(n.get("train_seconds").asDouble(), 3));
      steps.add(n.get("step").asLong());
    }
    List<Double> sorted = new ArrayList<>(secs);
    sorted.sort(null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eval_steps", steps);
    m.put("seconds_per_epoch", secs);
    m.put("median_seconds_per_epoch", sorted.get(sorted.size() / 2));
    return m;
  }

  private static JsonNode lastLine(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    return Json.MAPPER.readTree(lines.get(lines.size() - 1));
  }
}
