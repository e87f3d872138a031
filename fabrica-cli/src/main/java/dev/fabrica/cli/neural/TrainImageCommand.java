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
      return 130;
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
