package dev.fabrica.cli.neural;

import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.gan.GanConfig;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.neural.train.TrainLoop;
import dev.fabrica.neural.vae.VaeConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The image-model training commands: one small class each, sharing {@link ImageTrainOptions}. */
public final class TrainImageCommand {
  private TrainImageCommand() {}

  static int finish(TrainLoop.Outcome o, ImageTrainOptions opts, Reporter r) {
    String best = Double.isFinite(o.best()) ? String.format(", best %.4f at step %d", o.best(), o.bestStep()) : "";
    if (o.stopped()) {
      r.warn(String.format("stopped at step %d after %.1f s%s; continue with --resume --out %s", o.step(), o.seconds(), best, opts.out()));
      return o.exitCode();
    }
    r.info(String.format("trained %d steps in %.1f s%s: %s", o.step(), o.seconds(), best, opts.out()));
    return 0;
  }

  /** {@code fabrica train vae}. */
  @Command(name = "vae", mixinStandardHelpOptions = true,
      description = "Train a variational autoencoder on 28x28 images (Fashion-MNIST by default).")
  public static final class Vae implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ImageTrainOptions opts;

    @Option(names = "--kind", defaultValue = "mlp", description = "mlp (784-400-20, PyTorch's reference) or conv (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--latent", paramLabel = "D", description = "Latent dimensions (default: 20).")
    Integer latent;

    @Override
    public Integer call() {
      VaeConfig c = VaeConfig.defaults().withSeed(common.seed());
      try {
        c = c.withKind(kind);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--kind: " + e.getMessage());
      }
      c = opts.batch == null ? c : c.withBatch(opts.batch);
      c = opts.lr == null ? c : c.withLr(opts.lr);
      c = latent == null ? c : c.withLatent(latent);
      Reporter r = common.reporter();
      return finish(ImageRuns.trainVae(opts.out(), c, opts.toRunOptions(10, common), r), opts, r);
    }
  }

  /** {@code fabrica train gan}. */
  @Command(name = "gan", mixinStandardHelpOptions = true,
      description = "Train a DCGAN on 28x28 images; a fixed-noise grid goes to RUN/samples.png and RUN/progress/ at each evaluation.")
  public static final class Gan implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ImageTrainOptions opts;

    @Override
    public Integer call() {
      return trainGan(GanConfig.dcgan(), common, opts);
    }
  }

  /** {@code fabrica train cgan}. */
  @Command(name = "cgan", mixinStandardHelpOptions = true,
      description = "Train a class-conditional GAN (projection discriminator); sample a class with 'fabrica sample RUN --class NAME'.")
  public static final class Cgan implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ImageTrainOptions opts;

    @Override
    public Integer call() {
      return trainGan(GanConfig.cgan(), common, opts);
    }
  }

  static int trainGan(GanConfig base, CommonOptions common, ImageTrainOptions opts) {
    GanConfig c = base.withSeed(common.seed());
    c = opts.batch == null ? c : c.withBatch(opts.batch);
    c = opts.lr == null ? c : c.withLr(opts.lr);
    Reporter r = common.reporter();
    return finish(ImageRuns.trainGan(opts.out(), c, opts.toRunOptions(5, common), r), opts, r);
  }

  /** {@code fabrica train stylegan}. */
  @Command(name = "stylegan", mixinStandardHelpOptions = true,
      description = {"Train a style-based GAN (StyleGAN2's mapping network, modulated convolutions, R1): sample with",
          "'fabrica sample RUN --seeds 1-16 --psi 0.7' or a style-mixing grid with --mix-rows/--mix-cols/--crossover."})
  public static final class Style implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ImageTrainOptions opts;

    @Option(names = "--z-dim", paramLabel = "D", description = "Latent size of z and w (default: 512).")
    Integer zDim;

    @Option(names = "--mapping-layers", paramLabel = "N", description = "Layers of the mapping network (default: 4).")
    Integer mapping;

    @Option(names = "--channels", paramLabel = "C", description = "Feature maps per layer (default: 128).")
    Integer channels;

    @Option(names = "--fine-channels", paramLabel = "C", description = "Feature maps of the 28×28 layers, the costliest (default: --channels).")
    Integer fineChannels;

    @Option(names = "--r1-gamma", paramLabel = "G", description = "R1 penalty weight (default: 1; 0 turns it off).")
    Double r1;

    @Option(names = "--mixing", paramLabel = "P", description = "Probability that a training batch mixes two latents' styles (default: 0.9).")
    Double mixing;

    @Override
    public Integer call() {
      dev.fabrica.neural.style.StyleConfig c;
      try {
        c = dev.fabrica.neural.style.StyleConfig.defaults().withSeed(common.seed());
        c = zDim == null ? c : c.withZDim(zDim);
        c = mapping == null ? c : c.withMappingLayers(mapping);
        c = channels == null ? c : c.withChannels(channels);
        if (fineChannels != null && fineChannels < 1) {
          throw new BadInputException("--fine-channels must be at least 1, got " + fineChannels);
        }
        c = fineChannels == null ? c : c.withFineChannels(fineChannels);
        c = r1 == null ? c : c.withR1Gamma(r1);
        c = mixing == null ? c : c.withMixing(mixing);
        c = opts.batch == null ? c : c.withBatch(opts.batch);
        c = opts.lr == null ? c : c.withLr(opts.lr);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
      Reporter r = common.reporter();
      return finish(ImageRuns.trainStyle(opts.out(), c, opts.toRunOptions(5, common), r), opts, r);
    }
  }

  /** {@code fabrica train t2i}. */
  @Command(name = "t2i", mixinStandardHelpOptions = true,
      description = {"Train a text-to-image model: a prompt encoder over English and Chinese captions of the classes",
          "conditions a projection-discriminator GAN; sample with 'fabrica sample RUN --prompt \"an ankle boot\" -n 16 --out boots.png'."})
  public static final class T2i implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ImageTrainOptions opts;

    @Option(names = "--captions", paramLabel = "FILE", description = {
        "Caption file, CONCEPT<tab>train|heldout<tab>CAPTION per line (default: fabrica's English and Chinese",
        "captions of the Fashion-MNIST classes; every run keeps the ones it used in RUN/captions.tsv, to copy and extend)."})
    java.nio.file.Path captions;

    @Option(names = "--text-dim", paramLabel = "D", description = "Width of the prompt encoder (default: 64).")
    Integer textDim;

    @Option(names = "--feature-dropout", paramLabel = "P", description = "Probability of dropping each caption feature while training (default: 0.3).")
    Double dropout;

    @Override
    public Integer call() {
      dev.fabrica.neural.t2i.T2iConfig c;
      try {
        c = dev.fabrica.neural.t2i.T2iConfig.defaults().withSeed(common.seed());
        c = textDim == null ? c : c.withTextDim(textDim);
        c = dropout == null ? c : c.withFeatureDropout(dropout);
        c = opts.batch == null ? c : c.withBatch(opts.batch);
        c = opts.lr == null ? c : c.withLr(opts.lr);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
      ImageRuns.TrainOptions o = opts.toRunOptions(5, common);
      java.util.List<String> classes = dev.fabrica.neural.image.ImageSet.FASHION_CLASSES;
      dev.fabrica.neural.t2i.Captions caps = captions == null
          ? dev.fabrica.neural.t2i.Captions.fashion(classes)
          : dev.fabrica.neural.t2i.Captions.read(captions, classes);
      Reporter r = common.reporter();
      return finish(ImageRuns.trainT2i(opts.out(), c, caps, o, r), opts, r);
    }
  }

  /** {@code fabrica train classifier}. */
  @Command(name = "classifier", mixinStandardHelpOptions = true,
      description = "Train the small CNN whose features and predictions 'fabrica eval' uses for FID-FMNIST, KID and class accuracy.")
  public static final class Clf implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ImageTrainOptions opts;

    @Override
    public Integer call() {
      ImageRuns.ClassifierConfig d = ImageRuns.ClassifierConfig.defaults();
      ImageRuns.ClassifierConfig c = new ImageRuns.ClassifierConfig(
          opts.batch == null ? d.batch() : opts.batch, opts.lr == null ? d.lr() : opts.lr, common.seed());
      Reporter r = common.reporter();
      return finish(ImageRuns.trainClassifier(opts.out(), c, opts.toRunOptions(5, common), r), opts, r);
    }
  }
}
