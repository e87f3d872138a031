package dev.fabrica.neural;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.testkit.FakeFashion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.neural.classify.Classifier;
import dev.fabrica.neural.classify.ClassifierTrainer;
import dev.fabrica.neural.gan.Gan;
import dev.fabrica.neural.gan.GanConfig;
import dev.fabrica.neural.gan.GanTrainer;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.vae.Vae;
import dev.fabrica.neural.vae.VaeConfig;
import dev.fabrica.neural.vae.VaeTrainer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every model must drive its loss down on one repeated batch, and produce the right shapes. */
class ModelsOverfitTest {
  @TempDir static Path dir;
  static ImageSet batch;

  @BeforeAll
  static void data() throws Exception {
    Torch.start(1);
    FakeFashion.write(dir, 32, 10, 3);
    batch = ImageSet.fashionMnist(dir, true); // 32 images: one batch of 32 every step
  }

  private static double run(dev.fabrica.neural.train.Trainable t, int steps, String key, NDManager m) {
    double last = 0;
    for (int s = 0; s < steps; s++) {
      Torch.seed(s);
      try (NDManager scope = m.newSubManager()) {
        Map<String, Double> l = t.trainStep(s, scope);
        last = l.get(key);
      }
    }
    return last;
  }

  @Test
  void mlp_vae_overfits_one_batch_and_keeps_shapes() {
    try (NDManager m = NDManager.newBaseManager();
        Vae vae = new Vae(new VaeConfig("mlp", 4, 64, 32, 3e-3, 1), m)) {
      VaeTrainer t = new VaeTrainer(vae, batch, batch);
      double first = run(t, 1, "train_loss", m);
      double last = run(t, 200, "train_loss", m);
      assertThat(last).isLessThan(0.6 * first);
      NDList q = vae.encode(m.zeros(new Shape(3, 784)));
      assertThat(q.get(0).getShape()).isEqualTo(new Shape(3, 4));
      assertThat(vae.decodeLogits(q.get(0)).getShape()).isEqualTo(new Shape(3, 784));
    }
  }

  @Test
  void conv_vae_overfits_one_batch_and_keeps_shapes() {
    try (NDManager m = NDManager.newBaseManager();
        Vae vae = new Vae(new VaeConfig("conv", 4, 64, 32, 3e-3, 1), m)) {
      VaeTrainer t = new VaeTrainer(vae, batch, batch);
      double first = run(t, 1, "train_loss", m);
      double last = run(t, 120, "train_loss", m);
      assertThat(last).isLessThan(0.6 * first);
      assertThat(vae.sample(5, m)).hasSize(5 * 784);
    }
  }

  @Test
  void classifier_overfits_one_batch() {
    try (NDManager m = NDManager.newBaseManager();
        Classifier c = new Classifier(10, 1, m)) {
      ClassifierTrainer t = new ClassifierTrainer(c, batch, batch, 32, 2e-3, 1);
      run(t, 60, "train_loss", m);
      assertThat(ClassifierTrainer.accuracy(c, batch, m).get("test_accuracy")).isEqualTo(1.0);
      NDList out = c.forward(m.zeros(new Shape(2, 784)));
      assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, Classifier.FEATURES));
      assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 10));
    }
  }

  @Test
  void gans_fit_one_batch() {
    for (String kind : new String[] {"dcgan", "cgan"}) {
      try (NDManager m = NDManager.newBaseManager();
          Gan gan = new Gan(GanConfig.dcgan().withKind(kind).withWidths(16, 8).withBatch(32), m)) {
        GanTrainer t = new GanTrainer(gan, batch);
        double before = distanceToData(gan, m);
        run(t, 150, "g_loss", m);
        double d = run(t, 1, "d_loss", m);
        double after = distanceToData(gan, m);
        // the discriminator separates the batch from fakes (chance: 2 log 2 = 1.39), and the
        // generator's samples move towards the batch
        assertThat(d).as(kind + " discriminator loss").isLessThan(0.8);
        assertThat(after).as(kind + " distance to the data").isLessThan(0.85 * before);
        NDArray img = gan.generate(m.randomNormal(new Shape(3, 100)), gan.labels(new int[] {0, 1, 2}, m), false);
        assertThat(img.getShape()).isEqualTo(new Shape(3, 784));
      }
    }
  }

  /** Mean squared distance of 32 samples to their nearest training image, in [-1, 1] units. */
  private static double distanceToData(Gan gan, NDManager m) {
    Torch.seed(99);
    int[] classes = new int[32];
    for (int i = 0; i < 32; i++) {
      classes[i] = i % 10;
    }
    float[] s = gan.sample(32, classes, m);
    float[] real = batch.images().batch(ImageSet.range(0, 32), true);
    double total = 0;
    for (int i = 0; i < 32; i++) {
      double best = Double.MAX_VALUE;
      for (int j = 0; j < 32; j++) {
        double d = 0;
        for (int p = 0; p < 784; p++) {
          double e = s[i * 784 + p] - real[j * 784 + p];
          d += e * e;
        }
        best = Math.min(best, d / 784);
      }
      total += best;
    }
    return total / 32;
  }
}
