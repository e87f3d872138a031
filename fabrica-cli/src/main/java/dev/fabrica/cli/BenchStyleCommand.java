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
import dev.fabrica.neural.run.ImageGenerator;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.run.ImageScores;
import dev.fabrica.neural.run.PromptAccuracy;
import dev.fabrica.neural.run.PromptGenerator;
import dev.fabrica.neural.style.StyleConfig;
import dev.fabrica.neural.style.StyleGan;
import dev.fabrica.neural.t2i.Captions;
import dev.fabrica.neural.t2i.T2iConfig;
import java.io.IOException;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fabrica bench style}: the style-based GAN and the DCGAN each trained for the same
 * wall-clock budget, then the text-to-image model for its own budget, on Fashion-MNIST; prints
 * images/s of training and of sampling, FID-FMNIST of each, and the prompt accuracy on training
 * and held-out phrasings.
 */
@Command(
    name = "style",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the style-based GAN against the DCGAN at the same training time (FID-FMNIST, images/s",
      "of training and sampling) and the text-to-image model (prompt accuracy). Prints one JSON object."
    })
public final class BenchStyleCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = ImageTrainOptions.FASHION_MNIST, description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--only", split = ",", paramLabel = "NAME", description = "stylegan, dcgan, t2i (default: all three).")
  List<String> only;

  @Option(names = "--seconds", defaultValue = "600", paramLabel = "S", description = "Training time of the StyleGAN and of the DCGAN each (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--t2i-epochs", defaultValue = "5", paramLabel = "E", description = "Epochs of the text-to-image model (default: ${DEFAULT-VALUE}).")
  double t2iEpochs;

  @Option(names = "--channels", defaultValue = "32", paramLabel = "C", description = "StyleGAN feature maps per layer (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--fine-channels", defaultValue = "4", paramLabel = "C", description = "StyleGAN feature maps of the 28×28 layers (default: ${DEFAULT-VALUE}).")
  int fineChannels;

  @Option(names = "--r1-gamma", paramLabel = "G", description = "StyleGAN R1 penalty weight (default: the model's).")
  Double r1Gamma;

  @Option(names = "--mapping-layers", defaultValue = "2", paramLabel = "N", description = "StyleGAN mapping layers (default: ${DEFAULT-VALUE}).")
  int mappingLayers;

  @Option(names = "--mixing", defaultValue = "0", paramLabel = "P", description = "StyleGAN style-mixing probability in training (default: ${DEFAULT-VALUE}).")
  double mixing;

  @Option(names = "--style-lr", defaultValue = "0.008", paramLabel = "LR", description = "StyleGAN learning rate (default: ${DEFAULT-VALUE}).")
  double styleLr;

  @Option(names = "--style-batch", defaultValue = "64", paramLabel = "B", description = "StyleGAN batch (default: ${DEFAULT-VALUE}).")
  int styleBatch;

  @Option(names = "--samples", defaultValue = "10000", paramLabel = "N", description = "Images behind each FID and each prompt accuracy (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--classifier", paramLabel = "RUN", description = "The metrics classifier run (default: train one, 5 epochs, in the work directory).")
  Path classifier;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Train on the first N images only (quick runs); 0: all.")
  int limit;

  @Option(names = "--work", paramLabel = "DIR", description = "Keep the runs here (default: a temporary directory, deleted).")
  Path work;

  @Override
  public Integer call() throws IOException {
    List<String> names = only == null ? List.of("stylegan", "dcgan", "t2i") : only;
    for (String n : names) {
      if (!List.of("stylegan", "dcgan", "t2i").contains(n)) {
        throw new ParameterException(spec.commandLine(), "--only: unknown benchmark '" + n + "' (known: stylegan, dcgan, t2i)");
      }
    }
    if (!Files.isDirectory(data)) {
      throw new BadInputException("--data: no such directory: " + data);
    }
    if (!(seconds > 0) || samples < 2 || t2iEpochs <= 0) {
      throw new BadInputException("--seconds and --t2i-epochs must be positive and --samples at least 2");
    }
    StyleConfig styleConfig = styleConfig(); // before any training, so that a bad setting costs nothing
    Reporter r = common.reporter();
    String torch = Torch.start(common.threads());
    Path dir = work != null ? work : Files.createTempDirectory("fabrica-bench-style-");
    Files.createDirectories(dir);
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      Path clfRun = classifier;
      if (clfRun == null) {
        clfRun = dir.resolve("classifier");
        ImageRuns.trainClassifier(clfRun, new ImageRuns.ClassifierConfig(128, 1e-3, common.seed()),
            new ImageRuns.TrainOptions(data, 5, null, null, limit, false, true, common.threads()), r);
      }
      ImageSet train = ImageSet.fashionMnist(data, true);
      ImageSet test = ImageSet.fashionMnist(data, false);
      if (limit > 0) {
        train = train.head(limit);
      }
      ImageRuns.TrainOptions timed = new ImageRuns.TrainOptions(data, 1000, null, null, limit, false, true, common.threads())
          .withMaxSeconds(seconds);
      try (NDManager m = NDManager.newBaseManager(); Classifier clf = ImageRuns.loadClassifier(clfRun, m)) {
        out.put("classifier", Map.of("run", clfRun.toString(), "test_accuracy", ClassifierTrainer.accuracy(clf, test, m).get("test_accuracy")));
        ImageScores.Reference ref = ImageScores.reference(clf, train, test, samples, common.seed(), r, m);
        if (names.contains("stylegan")) {
          StyleConfig c = styleConfig;
          Path run = dir.resolve("stylegan");
          r.info(String.format("bench style: the style-based GAN for %.0f s", seconds));
          ImageRuns.trainStyle(run, c, timed, r);
          Map<String, Object> s = trained(run, c.batch());
          try (ImageGenerator g = ImageRuns.load(run, m)) {
            s.putAll(scored(g, clf, ref, m, r));
          }
          try (StyleGan gan = ImageRuns.loadStyle(run, m)) {
            s.put("psi_0_7_fid_fmnist", ImageScores.score(ImageRuns.styleGenerator(gan, 0.7), clf, ref, samples, common.seed(), Reporter.silent(), m)
                .get("fid_fmnist"));
          }
          s.put("config", c);
          out.put("stylegan", s);
        }
        if (names.contains("dcgan")) {
          GanConfig c = GanConfig.dcgan().withSeed(common.seed());
          Path run = dir.resolve("dcgan");
          r.info(String.format("bench style: the DCGAN for %.0f s", seconds));
          ImageRuns.trainGan(run, c, timed, r);
          Map<String, Object> s = trained(run, c.batch());
          try (ImageGenerator g = ImageRuns.load(run, m)) {
            s.putAll(scored(g, clf, ref, m, r));
          }
          s.put("config", c);
          out.put("dcgan", s);
        }
        if (names.contains("t2i")) {
          T2iConfig c = T2iConfig.defaults().withSeed(common.seed());
          Path run = dir.resolve("t2i");
          r.info(String.format("bench style: the text-to-image model for %.1f epochs", t2iEpochs));
          ImageRuns.trainT2i(run, c, Captions.fashion(ImageSet.FASHION_CLASSES),
              new ImageRuns.TrainOptions(data, t2iEpochs, null, null, limit, false, true, common.threads()), r);
          Map<String, Object> s = trained(run, c.batch());
          // at the default truncation (what sample and serve draw), and at psi 1: the model as trained
          try (ImageGenerator g = ImageRuns.load(run, m)) {
            s.put("psi", ImageRuns.defaultPsi("t2i"));
            s.putAll(scored(g, clf, ref, m, r));
            s.putAll(PromptAccuracy.measure((PromptGenerator) g, clf, samples, common.seed(), r, m));
          }
          try (ImageGenerator g = ImageRuns.load(run, m, 1.0)) {
            Map<String, Object> untruncated = new LinkedHashMap<>(scored(g, clf, ref, m, r));
            untruncated.putAll(PromptAccuracy.measure((PromptGenerator) g, clf, samples, common.seed(), r, m));
            s.put("psi_1", untruncated);
          }
          s.put("config", c);
          out.put("t2i", s);
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

  private StyleConfig styleConfig() {
    if (fineChannels < 1) {
      throw new BadInputException("--fine-channels must be at least 1, got " + fineChannels);
    }
    try {
      StyleConfig c = StyleConfig.defaults().withSeed(common.seed()).withChannels(channels).withBatch(styleBatch)
          .withFineChannels(fineChannels).withMappingLayers(mappingLayers).withMixing(mixing).withLr(styleLr);
      return r1Gamma == null ? c : c.withR1Gamma(r1Gamma);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("StyleGAN settings: " + e.getMessage());
    }
  }

  /** Steps, training seconds (evaluations excluded) and training images/s from metrics.jsonl. */
  private static Map<String, Object> trained(Path run, int batch) throws IOException {
    double secs = 0;
    long steps = 0;
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode n = Json.MAPPER.readTree(line);
      secs += n.get("train_seconds").asDouble();
      steps = n.get("step").asLong();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("train_seconds", BenchMachine.round(secs, 2));
    m.put("train_images_per_second", BenchMachine.round(steps * batch / secs, 1));
    return m;
  }

  /** FID-FMNIST and KID of {@code samples} images, and the sampling rate. */
  private Map<String, Object> scored(ImageGenerator g, Classifier clf, ImageScores.Reference ref, NDManager m, Reporter r) {
    long t0 = System.nanoTime();
    try (NDManager s = m.newSubManager()) {
      g.generate(samples, null, common.seed() + 1, s);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sample_images_per_second", BenchMachine.round(samples / secs, 1));
    Map<String, Object> scores = ImageScores.score(g, clf, ref, samples, common.seed(), r, m);
    out.put("fid_fmnist", scores.get("fid_fmnist"));
    out.put("kid", scores.get("kid"));
    if (scores.containsKey("class_accuracy")) {
      out.put("class_accuracy", scores.get("class_accuracy"));
      out.put("class_fid", scores.get("class_fid"));
      out.put("class_spread", scores.get("class_spread"));
    }
    return out;
  }
}
