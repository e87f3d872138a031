package dev.fabrica.cli.neural;

import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.run.ImageRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every image-model training command takes. */
public final class ImageTrainOptions {
  /** Where Debian's dataset-fashion-mnist puts the images. */
  public static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

  @Option(names = "--data", paramLabel = "DIR", defaultValue = FASHION_MNIST,
      description = "Directory with {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "RUN", description = "The run directory to write.")
  Path out;

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training images (default: the model's).")
  Double epochs;

  @Option(names = "--steps", paramLabel = "N", description = "Optimisation steps instead of --epochs.")
  Long steps;

  @Option(names = "--eval-every", paramLabel = "N", description = "Steps between evaluations and checkpoints (default: an epoch, at most a fifth of the run).")
  Long evalEvery;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Train on the first N images only (and test on N/6); 0: all.")
  int limit;

  @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: the model's).")
  Integer batch;

  @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the model's).")
  Double lr;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
  boolean resume;

  @Option(names = "--overwrite", description = "Replace --out if it exists.")
  boolean overwrite;

  ImageRuns.TrainOptions toRunOptions(double defaultEpochs, CommonOptions common) {
    if (!Files.isDirectory(data)) {
      throw new BadInputException("--data: no such directory: " + data
          + (data.toString().equals(FASHION_MNIST) ? " (install Debian's dataset-fashion-mnist, or pass --data DIR)" : ""));
    }
    if (epochs != null && !(epochs > 0)) {
      throw new BadInputException("--epochs must be positive, got " + epochs);
    }
    if (steps != null && steps < 1) {
      throw new BadInputException("--steps must be at least 1, got " + steps);
    }
    if (evalEvery != null && evalEvery < 1) {
      throw new BadInputException("--eval-every must be at least 1, got " + evalEvery);
    }
    if (limit < 0) {
      throw new BadInputException("--limit must not be negative, got " + limit);
    }
    if (resume && overwrite) {
      throw new BadInputException("--resume and --overwrite contradict each other: choose one");
    }
    return new ImageRuns.TrainOptions(
        data, epochs == null ? defaultEpochs : epochs, steps, evalEvery, limit, resume, overwrite, common.threads());
  }

  Path out() {
    return out;
  }
}
