package dev.fabrica.neural.run;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.core.Version;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.classify.ClassifierTrainer;
import dev.fabrica.neural.gan.Gan;
import dev.fabrica.neural.gan.GanConfig;
import dev.fabrica.neural.gan.GanTrainer;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.train.Checkpoints;
import dev.fabrica.neural.train.LoopConfig;
import dev.fabrica.neural.train.TrainLoop;
import dev.fabrica.neural.train.Trainable;
import dev.fabrica.neural.vae.Vae;
import dev.fabrica.neural.vae.VaeConfig;
import dev.fabrica.neural.vae.VaeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains image models into run directories and loads them back. A run directory holds
 * config.json (model family, its config record, class names, data, seed, fabrica version), the
 * best weights in model.safetensors, last/ for resuming, metrics.jsonl, loss.png and samples.png.
 */
public final class ImageRuns {
  /** What every image training run takes besides the model's own config. */
  public record TrainOptions(
      Path data, double epochs, Long steps, Long evalEvery, int limit, boolean resume, boolean overwrite, int threads, double maxSeconds) {
    /** Options without a time limit. */
    public TrainOptions(Path data, double epochs, Long steps, Long evalEvery, int limit, boolean resume, boolean overwrite, int threads) {
      this(data, epochs, steps, evalEvery, limit, resume, overwrite, threads, 0);
    }

    /**
     * The same options with training stopped (and checkpointed, as by Ctrl-C) once {@code seconds}
     * of wall-clock time have passed: equal time budgets for benchmarks.
     */
    public TrainOptions withMaxSeconds(double seconds) {
      return new TrainOptions(data, epochs, steps, evalEvery, limit, resume, overwrite, threads, seconds);
    }
  }

  private ImageRuns() {}

  /** Trains a VAE; returns how the loop ended. */
  public static TrainLoop.Outcome trainVae(Path out, VaeConfig config, TrainOptions o, Reporter r) {
    return train(out, "vae", config, o, r, (c, m, train, test) -> {
      Vae vae = new Vae((VaeConfig) c, m);
      return new Built(new VaeTrainer(vae, train, test), "test_loss", vae.config().batch());
    });
  }

  /** Trains a DCGAN or conditional GAN. */
  public static TrainLoop.Outcome trainGan(Path out, GanConfig config, TrainOptions o, Reporter r) {
    return train(out, config.conditional() ? "cgan" : "gan", config, o, r, (c, m, train, test) -> {
      Gan gan = new Gan((GanConfig) c, m);
      return new Built(new GanTrainer(gan, train), null, gan.config().batch());
    });
  }

  /** Trains a style-based GAN. */
  public static TrainLoop.Outcome trainStyle(Path out, dev.fabrica.neural.style.StyleConfig config, TrainOptions o, Reporter r) {
    return train(out, "stylegan", config, o, r, (c, m, train, test) -> {
      dev.fabrica.neural.style.StyleGan gan = new dev.fabrica.neural.style.StyleGan((dev.fabrica.neural.style.StyleConfig) c, m);
      return new Built(new dev.fabrica.neural.style.StyleTrainer(gan, train), null, gan.config().batch());
    });
  }

  /** Loads a style-based GAN run with its sampling generator (the moving average). */
  public static dev.fabrica.neural.style.StyleGan loadStyle(Path run, NDManager manager) {
    Map<String, Object> cfg = readConfig(run);
    if (!"stylegan".equals(cfg.get("model"))) {
      throw new BadInputException(run.resolve("config.json") + ": '" + cfg.get("model") + "' is not a stylegan model");
    }
    Path weights = weightsOf(run);
    dev.fabrica.neural.style.StyleGan gan = new dev.fabrica.neural.style.StyleGan(
        Json.MAPPER.convertValue(cfg.get("config"), dev.fabrica.neural.style.StyleConfig.class), manager);
    gan.params().load(Safetensors.read(weights).tensors(), weights.toString());
    return gan;
  }

  /**
   * Trains a text-to-image model on prompts from {@code captions}; the captions go into the run as
   * captions.tsv (a resumed run keeps the ones it started with).
   */
  public static TrainLoop.Outcome trainT2i(Path out, dev.fabrica.neural.t2i.T2iConfig config, dev.fabrica.neural.t2i.Captions captions,
      TrainOptions o, Reporter r) {
    return train(out, "t2i", config, o, r, (c, m, train, test) -> {
      dev.fabrica.neural.t2i.Captions used = captions;
      Path file = out.resolve(CAPTIONS);
      if (o.resume() && Files.isRegularFile(file)) {
        used = dev.fabrica.neural.t2i.Captions.read(file, train.classes());
      } else {
        AtomicFiles.writeString(file, captions.format());
      }
      dev.fabrica.neural.t2i.T2i model = new dev.fabrica.neural.t2i.T2i((dev.fabrica.neural.t2i.T2iConfig) c, used, m);
      r.info(String.format("t2i: %d training and %d held-out captions, a prompt vocabulary of %,d features",
          used.split(false).size(), used.split(true).size(), model.encoder().vocab().size()));
      return new Built(new dev.fabrica.neural.t2i.T2iTrainer(model, train), null, ((dev.fabrica.neural.t2i.T2iConfig) c).batch());
    });
  }

  /** The caption file of a text-to-image run. */
  public static final String CAPTIONS = "captions.tsv";

  /** Loads a text-to-image run. */
  public static dev.fabrica.neural.t2i.T2i loadT2i(Path run, NDManager manager) {
    Map<String, Object> cfg = readConfig(run);
    if (!"t2i".equals(cfg.get("model"))) {
      throw new BadInputException(run.resolve("config.json") + ": '" + cfg.get("model") + "' is not a t2i model");
    }
    @SuppressWarnings("unchecked")
    java.util.List<String> classes = (java.util.List<String>) cfg.getOrDefault("classes", ImageSet.FASHION_CLASSES);
    Path file = run.resolve(CAPTIONS);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(run + " has no " + CAPTIONS + ": it is not a complete t2i run");
    }
    Path weights = weightsOf(run);
    dev.fabrica.neural.t2i.T2i model = new dev.fabrica.neural.t2i.T2i(
        Json.MAPPER.convertValue(cfg.get("config"), dev.fabrica.neural.t2i.T2iConfig.class),
        dev.fabrica.neural.t2i.Captions.read(file, classes), manager);
    model.params().load(Safetensors.read(weights).tensors(), weights.toString());
    return model;
  }

  /** A style-based GAN behind the generator interface, sampled with truncation ψ; closing it closes the GAN. */
  public static ImageGenerator styleGenerator(dev.fabrica.neural.style.StyleGan gan, double psi) {
    return Generators.style(gan, ImageSet.FASHION_CLASSES, psi);
  }

  /** Trains the Fashion-MNIST classifier behind the image metrics. */
  public static TrainLoop.Outcome trainClassifier(Path out, ClassifierConfig config, TrainOptions o, Reporter r) {
    return train(out, "classifier", config, o, r, (c, m, train, test) -> {
      ClassifierConfig cc = (ClassifierConfig) c;
      Classifier model = new Classifier(train.classes().size(), cc.seed(), m);
      return new Built(new ClassifierTrainer(model, train, test, cc.batch(), cc.lr(), cc.seed()), "test_loss", cc.batch());
    });
  }

  /** Hyperparameters of the metrics classifier. */
  public record ClassifierConfig(int batch, double lr, long seed) {
    public static ClassifierConfig defaults() {
      return new ClassifierConfig(128, 1e-3, 1);
    }
  }

  private record Built(Trainable trainable, String bestMetric, int batch) {}

  private interface Builder {
    Built build(Object config, NDManager manager, ImageSet train, ImageSet test);
  }

  private static TrainLoop.Outcome train(Path out, String kind, Object config, TrainOptions o, Reporter r, Builder builder) {
    Torch.start(o.threads());
    ImageSet train = ImageSet.fashionMnist(o.data(), true);
    ImageSet test = ImageSet.fashionMnist(o.data(), false);
    if (o.limit() > 0) {
      train = train.head(o.limit());
      test = test.head(Math.max(1, o.limit() / 6));
    }
    Object effective = start(out, kind, config, o, train);
    try (NDManager manager = NDManager.newBaseManager()) {
      Built b = builder.build(effective, manager, train, test);
      long perEpoch = (train.size() + b.batch() - 1) / b.batch();
      long steps = o.steps() != null ? o.steps() : LoopConfig.stepsFor(o.epochs(), train.size(), b.batch());
      long every = o.evalEvery() != null ? o.evalEvery() : Math.max(1, Math.min(perEpoch, (steps + 4) / 5));
      LoopConfig lc = new LoopConfig(steps, every, b.bestMetric(), seedOf(effective));
      TrainLoop loop = new TrainLoop(lc, r);
      r.info(String.format("%s: %,d training images, %,d steps (%,d per epoch), %,d parameters, evaluating every %,d steps",
          kind, train.size(), steps, perEpoch, b.trainable().params().count(), every));
      java.util.Timer timer = null;
      if (o.maxSeconds() > 0) {
        timer = new java.util.Timer("train-time-limit", true);
        timer.schedule(new java.util.TimerTask() {
          @Override
          public void run() {
            loop.requestStop();
          }
        }, (long) (o.maxSeconds() * 1000));
      }
      try (CtrlC ignored = CtrlC.install(loop)) {
        return loop.run(b.trainable(), out, o.resume(), manager);
      } finally {
        if (timer != null) {
          timer.cancel();
        }
      }
    }
  }

  private static long seedOf(Object config) {
    if (config instanceof VaeConfig v) {
      return v.seed();
    }
    if (config instanceof GanConfig g) {
      return g.seed();
    }
    if (config instanceof dev.fabrica.neural.style.StyleConfig s) {
      return s.seed();
    }
    if (config instanceof dev.fabrica.neural.t2i.T2iConfig t) {
      return t.seed();
    }
    return ((ClassifierConfig) config).seed();
  }

  /** Creates the run directory with its config.json, or on resume reads the config it holds. */
  private static Object start(Path out, String kind, Object config, TrainOptions o, ImageSet train) {
    Path cfgFile = out.resolve("config.json");
    if (o.resume()) {
      Map<String, Object> saved = readConfig(out);
      if (!kind.equals(saved.get("model"))) {
        throw new BadInputException(cfgFile + ": the run holds a '" + saved.get("model") + "' model, not " + kind);
      }
      return Json.MAPPER.convertValue(saved.get("config"), config.getClass());
    }
    RunDirectory.fresh(out, o.overwrite());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", kind);
    c.put("config", config);
    c.put("classes", train.classes());
    c.put("image", Map.of("height", 28, "width", 28, "channels", 1));
    c.put("data", o.data().toAbsolutePath().toString());
    c.put("training_images", train.size());
    c.put("fabrica_version", Version.get());
    Json.writeFile(cfgFile, c);
    return config;
  }

  /** config.json of a run, or a clear error. */
  public static Map<String, Object> readConfig(Path run) {
    return dev.fabrica.core.RunConfig.read(run);
  }

  /** The model family of a run: vae, gan, cgan, classifier, or another fabrica model. */
  public static String kindOf(Path run) {
    return String.valueOf(readConfig(run).get("model"));
  }

  /** Loads a trained VAE or GAN run for generation. */
  public static ImageGenerator load(Path run, NDManager manager) {
    return load(run, manager, null);
  }

  /**
   * The truncation ψ a model of this kind samples with unless told otherwise: {@link
   * dev.fabrica.neural.t2i.T2i#DEFAULT_PSI} for the text-to-image model, 1 (none) for the others.
   */
  public static double defaultPsi(String kind) {
    return "t2i".equals(kind) ? dev.fabrica.neural.t2i.T2i.DEFAULT_PSI : 1.0;
  }

  /**
   * {@link #load(Path, NDManager)} sampling with truncation ψ in [0, 2] (1: none; null: the kind's
   * {@link #defaultPsi}): the latent's spread for the GANs and the text-to-image model (z from
   * N(0, ψ²I)), the pull toward the mean w for the style-based generator; a VAE is only ever
   * sampled at ψ = 1.
   */
  public static ImageGenerator load(Path run, NDManager manager, Double psiOrDefault) {
    Map<String, Object> cfg = readConfig(run);
    String kind = String.valueOf(cfg.get("model"));
    double psi = psiOrDefault != null ? psiOrDefault : defaultPsi(kind);
    if (!(psi >= 0 && psi <= 2)) {
      throw new BadInputException("--psi must be in [0, 2], got " + psi);
    }
    Path weights = weightsOf(run);
    @SuppressWarnings("unchecked")
    java.util.List<String> classes = (java.util.List<String>) cfg.getOrDefault("classes", ImageSet.FASHION_CLASSES);
    switch (kind) {
      case "vae" -> {
        if (psi != 1.0) {
          throw new BadInputException("--psi: a VAE run (" + run + ") is sampled from its prior as trained; truncation applies to the GANs, stylegan and t2i");
        }
        Vae vae = new Vae(Json.MAPPER.convertValue(cfg.get("config"), VaeConfig.class), manager);
        vae.params().load(Safetensors.read(weights).tensors(), weights.toString());
        return Generators.vae(vae, classes);
      }
      case "gan", "cgan" -> {
        Gan gan = new Gan(Json.MAPPER.convertValue(cfg.get("config"), GanConfig.class), manager);
        gan.params().load(Safetensors.read(weights).tensors(), weights.toString());
        return Generators.gan(gan, classes, psi);
      }
      case "stylegan" -> {
        return Generators.style(loadStyle(run, manager), classes, psi);
      }
      case "t2i" -> {
        return Generators.t2i(loadT2i(run, manager), psi);
      }
      default -> throw new BadInputException(run.resolve("config.json") + ": '" + kind + "' is not an image generator (vae, gan, cgan, stylegan or t2i)");
    }
  }

  /** The VAE behind a generator that {@link #load} made from a VAE run. */
  public static Vae vaeOf(ImageGenerator g) {
    if (g instanceof Generators.VaeGenerator v) {
      return v.vae();
    }
    throw new IllegalArgumentException("not a VAE: " + g.kind());
  }

  /** Loads the metrics classifier of a run trained by {@code fabrica train classifier}. */
  public static Classifier loadClassifier(Path run, NDManager manager) {
    Map<String, Object> cfg = readConfig(run);
    if (!"classifier".equals(cfg.get("model"))) {
      throw new BadInputException(run + " holds a '" + cfg.get("model") + "' model, not the classifier (train one with 'fabrica train classifier')");
    }
    ClassifierConfig cc = Json.MAPPER.convertValue(cfg.get("config"), ClassifierConfig.class);
    @SuppressWarnings("unchecked")
    java.util.List<String> classes = (java.util.List<String>) cfg.getOrDefault("classes", ImageSet.FASHION_CLASSES);
    Classifier c = new Classifier(classes.size(), cc.seed(), manager);
    Path weights = weightsOf(run);
    c.params().load(Safetensors.read(weights).tensors(), weights.toString());
    return c;
  }

  private static Path weightsOf(Path run) {
    Path weights = run.resolve(Checkpoints.MODEL);
    if (!Files.isRegularFile(weights)) {
      throw new BadInputException(run + " has no " + Checkpoints.MODEL + " yet: its training has not reached an evaluation");
    }
    return weights;
  }
}
