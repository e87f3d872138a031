package dev.fabrica.neural.t2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.testkit.FakeFashion;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text-to-image model on the Fashion-MNIST look-alike, where class k is a bright bar starting at
 * row 2 + 2k: after a short training, a prompt's images show the bar of the class it names, also for
 * held-out and Chinese phrasings.
 */
class T2iTest {
  @TempDir static Path dir;
  static ImageSet data;
  static NDManager manager;
  static T2i model;
  static final T2iConfig TINY = new T2iConfig(16, 16, 16, 16, 16, 40, 1e-3, 0.5, 1e-2, 0.3, 3);

  @BeforeAll
  static void train() throws Exception {
    Torch.start(1);
    FakeFashion.write(dir, 200, 20, 5);
    data = ImageSet.fashionMnist(dir, true);
    manager = NDManager.newBaseManager();
    model = new T2i(TINY, Captions.fashion(ImageSet.FASHION_CLASSES), manager);
    T2iTrainer t = new T2iTrainer(model, data);
    Torch.seed(3);
    for (long s = 0; s < 400; s++) {
      try (NDManager scope = manager.newSubManager()) {
        t.trainStep(s, scope);
      }
    }
  }

  /** The class whose bar (rows 2 + 2k … 6 + 2k) is brightest in the mean of these images. */
  static int barClass(float[] images, int n) {
    double[] rows = new double[28];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          rows[y] += images[i * 784 + y * 28 + x];
        }
      }
    }
    int best = 0;
    double bestSum = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 10; k++) {
      double s = 0;
      for (int y = 2 + 2 * k; y < 7 + 2 * k; y++) {
        s += rows[y];
      }
      if (s > bestSum) {
        bestSum = s;
        best = k;
      }
    }
    return best;
  }

  static float[] draw(String prompt, int n, long seed) {
    try (NDManager s = manager.newSubManager()) {
      PromptEncoder.Reading r = model.encoder().read(prompt, s);
      Torch.seed(seed);
      return model.sample(T2i.repeat(r.probs(), n), n, s);
    }
  }

  @Test
  void prompts_draw_the_class_they_name_in_english_and_chinese_including_held_out_phrasings() {
    String[][] cases = {
        {"a pair of trousers", "1"}, {"一条裤子", "1"}, {"an ankle boot", "9"}, {"一双运动鞋", "7"},
        {"a cozy wool sweater", "2"}, {"a pair of trainers", "7"}, {"一个皮包", "8"}, {"winter boots", "9"}};
    for (String[] c : cases) {
      int want = Integer.parseInt(c[1]);
      try (NDManager s = manager.newSubManager()) {
        assertThat(model.encoder().read(c[0], s).concept()).as("reading of '%s'", c[0]).isEqualTo(want);
      }
      assertThat(barClass(draw(c[0], 16, 1), 16)).as("images of '%s'", c[0]).isEqualTo(want);
    }
  }

  /** Mean over pixels of the variance across the n images of a batch. */
  static double pixelVariance(float[] images, int n) {
    double total = 0;
    for (int p = 0; p < 784; p++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += images[i * 784 + p];
      }
      mean /= n;
      for (int i = 0; i < n; i++) {
        double d = images[i * 784 + p] - mean;
        total += d * d;
      }
    }
    return total / (784.0 * n);
  }

  static float[] drawAt(double psi, int n, long seed) {
    try (NDManager s = manager.newSubManager()) {
      PromptEncoder.Reading r = model.encoder().read("a dress", s);
      Torch.seed(seed);
      return model.sample(T2i.repeat(r.probs(), n), n, psi, s);
    }
  }

  @Test
  void truncation_psi_scales_the_noise_so_images_of_one_prompt_vary_less_and_psi_0_gives_one_image() {
    int n = 16;
    float[] none = drawAt(1.0, n, 11);
    assertThat(none).isEqualTo(draw("a dress", n, 11)); // psi 1 is the untruncated sampler
    float[] zero = drawAt(0.0, n, 11);
    for (int i = 1; i < n; i++) {
      assertThat(Arrays.copyOfRange(zero, i * 784, (i + 1) * 784)).isEqualTo(Arrays.copyOfRange(zero, 0, 784));
    }
    double full = pixelVariance(none, n);
    double half = pixelVariance(drawAt(0.5, n, 11), n);
    assertThat(full).isPositive();
    assertThat(half).isLessThan(full).isPositive();
  }

  @Test
  void the_same_seed_gives_the_same_images_and_another_seed_other_ones() {
    float[] a = draw("a dress", 4, 7);
    assertThat(draw("a dress", 4, 7)).isEqualTo(a);
    assertThat(Arrays.equals(draw("a dress", 4, 8), a)).isFalse();
  }

  @Test
  void an_unknown_prompt_draws_the_nearest_concept_and_says_so_and_bad_prompts_are_clear_errors() {
    try (NDManager s = manager.newSubManager()) {
      PromptEncoder.Reading r = model.encoder().read("🙂 xq", s);
      assertThat(r.understood()).isFalse();
      assertThat(r.describe()).contains("shares no word").contains(r.conceptName());
      assertThat(r.probs()).hasSize(10);
      PromptEncoder.Reading ok = model.encoder().read("  a bag  ", s);
      assertThat(ok.prompt()).isEqualTo("a bag");
      assertThat(ok.describe()).startsWith("understood as 'Bag'");
      assertThatThrownBy(() -> model.encoder().read(" \t", s)).isInstanceOf(BadInputException.class).hasMessageContaining("empty");
      assertThatThrownBy(() -> model.encoder().read("bag ".repeat(200), s)).isInstanceOf(BadInputException.class)
          .hasMessageContaining("at most 500");
    }
    assertThat(draw("🙂 xq", 3, 1)).hasSize(3 * 784);
  }

  @Test
  void weights_saved_and_loaded_give_the_same_images() {
    try (NDManager m = NDManager.newBaseManager(); T2i copy = new T2i(TINY, model.captions(), m)) {
      copy.params().load(model.params().toTensors(), "test");
      try (NDManager s = m.newSubManager()) {
        PromptEncoder.Reading r = copy.encoder().read("a coat", s);
        Torch.seed(5);
        float[] b = copy.sample(T2i.repeat(r.probs(), 3), 3, s);
        assertThat(b).isEqualTo(draw("a coat", 3, 5));
      }
    }
  }
}
