package dev.fabrica.serve;

import dev.fabrica.core.Reporter;
import dev.fabrica.neural.gan.GanConfig;
import dev.fabrica.neural.gpt.GptConfig;
import dev.fabrica.neural.run.GptRuns;
import dev.fabrica.neural.run.ImageRuns;
import dev.fabrica.testkit.FakeFashion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny real runs for the server's tests: a character GPT on a short poem text a conditional GAN and a text-to-image model on fake Fashion-MNIST. */
final class ServedRuns {
  private ServedRuns() {}

  /** Trains {@code runs/poems} (gpt), {@code runs/fashion} (cgan) and {@code runs/wardrobe} (t2i) in a few steps each. */
  static Path make(Path dir) {
    try {
      Path runs = Files.createDirectories(dir.resolve("runs"));
      Path corpus = dir.resolve("poems.txt");
      Files.writeString(corpus, "床前明月光，疑是地上霜。举头望明月，低头思故乡。\nautumn wind, white clouds fly.\n".repeat(20));
      GptRuns.train(runs.resolve("poems"), GptConfig.tiny().withMaxIters(4).withEval(2, 1),
          new GptRuns.TrainOptions(corpus, "char", 0, false, null, false, 1), Reporter.silent());
      Path data = FakeFashion.write(dir.resolve("fmnist"), 256, 16, 1);
      ImageRuns.trainGan(runs.resolve("fashion"), GanConfig.cgan(),
          new ImageRuns.TrainOptions(data, 0, 2L, 2L, 0, false, false, 1), Reporter.silent());
      ImageRuns.trainT2i(runs.resolve("wardrobe"), dev.fabrica.neural.t2i.T2iConfig.defaults().withBatch(32).withTextDim(8),
          dev.fabrica.neural.t2i.Captions.fashion(dev.fabrica.neural.image.ImageSet.FASHION_CLASSES),
          new ImageRuns.TrainOptions(data, 0, 2L, 2L, 0, false, false, 1), Reporter.silent());
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
