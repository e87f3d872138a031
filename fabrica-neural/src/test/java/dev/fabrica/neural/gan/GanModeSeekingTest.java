package dev.fabrica.neural.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.testkit.FakeFashion;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mode-seeking term of conditional generators: its ratio, and that it keeps one class's images apart. */
class GanModeSeekingTest {
  @TempDir static Path dir;
  static ImageSet data;

  @BeforeAll
  static void start() throws Exception {
    Torch.start(1);
    FakeFashion.write(dir, 32, 10, 3);
    data = ImageSet.fashionMnist(dir, true);
  }

  @Test
  void the_ratio_is_image_distance_per_unit_of_noise_distance() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 3, -1, 0}, new Shape(2, 2));
      NDArray b = m.create(new float[] {0, 1, 0, 0}, new Shape(2, 2)); // |a − b| = 1, 2, 1, 0: mean 1
      NDArray z1 = m.create(new float[] {2, 0}, new Shape(2, 1));
      NDArray z2 = m.create(new float[] {0, 4}, new Shape(2, 1)); // |z1 − z2| = 2, 4: mean 3
      assertThat(GanTrainer.modeSeekingRatio(a, b, z1, z2).getFloat()).isCloseTo(1 / 3f, within(1e-6f));
    }
  }

  /** Mean |G(z₁, c) − G(z₂, c)| over fixed noise pairs for all ten classes, G in inference mode. */
  private static double spread(Gan gan, NDManager m) {
    Torch.seed(1234);
    int[] classes = new int[40];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = i % 10;
    }
    NDArray y = gan.labels(classes, m);
    NDArray a = gan.generate(m.randomNormal(new Shape(40, 100)), y, false);
    NDArray b = gan.generate(m.randomNormal(new Shape(40, 100)), y, false);
    return a.sub(b).abs().mean().getFloat();
  }

  /** 30 adversarial steps of a small cGAN from the same start and noise, with the term at this weight. */
  private static double[] train(double weight) {
    try (NDManager m = NDManager.newBaseManager(); Gan gan = new Gan(GanConfig.cgan().withWidths(16, 8).withBatch(32), m)) {
      Map<String, NDArray> g = gan.params().trainable("g.");
      Map<String, NDArray> d = gan.params().trainable("d.");
      Adam.Config ac = Adam.Config.of(2e-4).withBetas(0.5, 0.999);
      Adam optG = new Adam("adam_g", ac, g, gan.params().manager());
      Adam optD = new Adam("adam_d", ac, d, gan.params().manager());
      int[] idx = ImageSet.range(0, 32);
      double before = spread(gan, m);
      double ratio = 0;
      for (int s = 0; s < 30; s++) {
        Torch.seed(s);
        try (NDManager scope = m.newSubManager()) {
          NDArray real = data.batch(idx, true, scope);
          NDArray y = data.labels(idx, scope).oneHot(10);
          NDArray z = scope.randomNormal(new Shape(32, 100));
          Map<String, Double> out = GanTrainer.adversarialStep(gan, real, z, y, optD, optG, d, g, weight);
          assertThat(out.get("g_loss")).isFinite();
          ratio = weight > 0 ? out.get("ms_ratio") : 0;
        }
      }
      return new double[] {before, spread(gan, m), ratio};
    }
  }

  @Test
  void the_term_keeps_the_images_of_one_class_further_apart_than_training_without_it() {
    double[] without = train(0);
    double[] with = train(1);
    System.err.printf("spread: start %.4f, without the term %.4f, with it %.4f (last ratio %.4f)%n", without[0], without[1], with[1], with[2]);
    assertThat(with[0]).isEqualTo(without[0]); // the same start
    assertThat(with[2]).isPositive();
    assertThat(with[1]).isGreaterThan(1.2 * without[1]);
  }
}
