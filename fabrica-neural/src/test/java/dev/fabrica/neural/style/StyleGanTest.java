package dev.fabrica.neural.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.testkit.FakeFashion;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The style-based GAN: shapes, determinism, truncation, mixing, its layers' maths, R1, and training steps. */
class StyleGanTest {
  @TempDir static Path dir;
  static ImageSet data;
  static final long[] SEEDS = {1, 2, 3};

  @BeforeAll
  static void start() throws Exception {
    Torch.start(1);
    FakeFashion.write(dir, 16, 4, 5);
    data = ImageSet.fashionMnist(dir, true);
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void seeds_give_repeatable_images_and_psi_zero_gives_every_seed_the_average_image() {
    try (NDManager m = NDManager.newBaseManager(); StyleGan gan = new StyleGan(StyleConfig.tiny(), m)) {
      float[] a = gan.sample(SEEDS, 1, m);
      assertThat(a).hasSize(3 * 784);
      assertThat(a).isEqualTo(gan.sample(SEEDS, 1, m));
      assertThat(maxDiff(Arrays.copyOfRange(a, 0, 784), Arrays.copyOfRange(a, 784, 1568))).isGreaterThan(1e-4);
      float[] avg = gan.sample(SEEDS, 0, m);
      assertThat(maxDiff(Arrays.copyOfRange(avg, 0, 784), Arrays.copyOfRange(avg, 784, 1568))).isLessThan(1e-6);
      float[] half = gan.sample(SEEDS, 0.5, m);
      assertThat(maxDiff(half, a)).isGreaterThan(1e-5);
    }
  }

  @Test
  void style_mixing_takes_coarse_layers_from_one_seed_and_fine_layers_from_the_other() {
    try (NDManager m = NDManager.newBaseManager(); StyleGan gan = new StyleGan(StyleConfig.tiny(), m)) {
      NDArray coarse = gan.styles(new long[] {10}, m);
      NDArray fine = gan.styles(new long[] {20}, m);
      float[] a = gan.render(coarse, 1, StyleConfig.NUM_WS, false, m);
      float[] b = gan.render(fine, 1, StyleConfig.NUM_WS, false, m);
      assertThat(gan.render(StyleGan.mix(coarse, fine, StyleConfig.NUM_WS), 1, 6, false, m)).isEqualTo(a);
      assertThat(gan.render(StyleGan.mix(coarse, fine, 0), 1, 6, false, m)).isEqualTo(b);
      float[] mixed = gan.render(StyleGan.mix(coarse, fine, 3), 1, 6, false, m);
      assertThat(maxDiff(mixed, a)).isGreaterThan(1e-5);
      assertThat(maxDiff(mixed, b)).isGreaterThan(1e-5);
      NDArray w = StyleGan.mix(coarse, fine, 3);
      assertThat(w.get(":, 2").toFloatArray()).isEqualTo(coarse.get(":, 2").toFloatArray());
      assertThat(w.get(":, 3").toFloatArray()).isEqualTo(fine.get(":, 3").toFloatArray());
      // noise strengths start at 0 (as in the paper); once learned, noise varies the image
      assertThat(gan.render(coarse, 1, 6, true, m)).isEqualTo(a);
      gan.params().trainable("g_ema.").forEach((name, p) -> {
        if (name.endsWith("noise_strength")) {
          p.addi(0.5f);
        }
      });
      assertThat(maxDiff(gan.render(coarse, 1, 6, true, m), a)).isGreaterThan(1e-4);
    }
  }

  @Test
  void demodulation_gives_unit_variance_outputs_for_unit_variance_inputs() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params p = new Params(m, 3);
      StyleLayers.ModConv conv = StyleLayers.ModConv.create(p, "c", 32, 16, 3, 8, true);
      Torch.seed(4);
      NDArray x = m.randomNormal(new Shape(2, 32, 64, 64));
      NDArray w = m.randomNormal(new Shape(2, 8)).mul(3); // styles far from 1
      // undo the layer's bias and activation: noise strength and bias start at 0, so invert lrelu·√2
      NDArray y = conv.forward(x, w, null).div(StyleLayers.SQRT2);
      NDArray pre = y.maximum(0).add(y.minimum(0).div(0.2f));
      NDArray interior = pre.get(":, :, 1:63, 1:63");
      float[] var = StyleLayers.mean(interior.square(), 0, 2, 3).toFloatArray(); // per output channel
      for (float v : var) {
        assertThat((double) v).isCloseTo(1.0, within(0.12));
      }
    }
  }

  @Test
  void the_minibatch_standard_deviation_is_zero_for_identical_images_and_positive_for_varied_ones() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray same = m.ones(new Shape(4, 3, 7, 7));
      assertThat(StyleDiscriminator.minibatchStd(same).max().getFloat()).isLessThan(1e-3f);
      NDArray varied = m.arange(4f * 3 * 49).reshape(4, 3, 7, 7);
      NDArray s = StyleDiscriminator.minibatchStd(varied);
      assertThat(s.getShape()).isEqualTo(new Shape(4, 1, 7, 7));
      // each feature differs by 147 between consecutive images: population std of {0,147,294,441} = 164.3
      assertThat((double) s.getFloat(0, 0, 0, 0)).isCloseTo(164.3, within(0.1));
    }
  }

  @Test
  void r1_is_the_squared_input_gradient_and_its_central_difference_gradient_is_the_exact_one() {
    try (NDManager m = NDManager.newBaseManager(); StyleGan gan = new StyleGan(StyleConfig.tiny().withBatch(4), m)) {
      StyleTrainer t = new StyleTrainer(gan, data);
      NDArray x = data.batch(new int[] {0, 1, 2, 3}, true, m);
      // the plain first-order gradient, for reference
      NDArray x1 = x.duplicate();
      x1.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(gan.d.forward(x1).sum());
      }
      double expected = x1.getGradient().square().sum(new int[] {1}).mean().getFloat() * StyleConfig.tiny().r1Gamma() / 2;
      double first = t.r1(x);
      assertThat(first).isCloseTo(expected, within(1e-6 + 1e-4 * expected));
      Map<String, NDArray> d = gan.params().trainable("d.");
      java.util.List<float[]> approx = new java.util.ArrayList<>();
      for (NDArray p : d.values()) {
        approx.add(p.getGradient().toFloatArray());
      }
      // the exact second-order gradient, through libtorch's create_graph (which leaks its graph: fine once, in a test)
      Params.zeroGrad(d);
      NDArray x2 = x.duplicate();
      x2.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = gan.d.forward(x2).sum();
        ai.djl.pytorch.jni.JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) out, (ai.djl.pytorch.engine.PtNDArray) out.onesLike(), true, true);
        NDArray pen = x2.getGradient().square().sum(new int[] {1}).mean().mul((float) (StyleConfig.tiny().r1Gamma() / 2 * StyleConfig.tiny().r1Every()));
        Params.zeroGrad(d);
        gc.backward(pen);
      }
      java.util.List<float[]> exactList = new java.util.ArrayList<>();
      for (NDArray p : d.values()) {
        exactList.add(p.getGradient().toFloatArray());
      }
      double dot = 0;
      double na = 0;
      double ne = 0;
      int k = 0;
      for (NDArray p : d.values()) {
        float[] e = p.getGradient().toFloatArray();
        float[] a = approx.get(k++);
        for (int i = 0; i < e.length; i++) {
          dot += a[i] * e[i];
          na += a[i] * a[i];
          ne += e[i] * e[i];
        }
      }
      assertThat(ne).isPositive(); // the penalty reaches D's weights
      // the central difference the trainer uses equals the exact second-order gradient
      assertThat(dot / Math.sqrt(na * ne)).isGreaterThan(0.9999); // same direction
      assertThat(Math.sqrt(na / ne)).isCloseTo(1.0, within(0.001)); // same size
    }
  }

  @Test
  void training_steps_report_finite_losses_and_move_the_average_generator_behind_the_trained_one() {
    try (NDManager m = NDManager.newBaseManager(); StyleGan gan = new StyleGan(StyleConfig.tiny(), m)) {
      StyleTrainer t = new StyleTrainer(gan, data);
      float[] before = gan.sample(SEEDS, 1, m);
      for (int s = 0; s < 4; s++) {
        Torch.seed(s);
        try (NDManager scope = m.newSubManager()) {
          Map<String, Double> l = t.trainStep(s, scope);
          assertThat(l.get("g_loss")).isFinite();
          assertThat(l.get("d_loss")).isFinite();
          assertThat(l.containsKey("r1")).isEqualTo(s % 2 == 0);
        }
      }
      assertThat(maxDiff(gan.sample(SEEDS, 1, m), before)).isGreaterThan(1e-6);
      NDArray g = gan.params().trainable("g.").get("g.synthesis.const");
      NDArray ema = gan.params().trainable("g_ema.").get("g_ema.synthesis.const");
      assertThat(maxDiff(g.toFloatArray(), ema.toFloatArray())).isGreaterThan(0);
      assertThat(gan.params().toTensors()).containsKeys("g.mapping.w_avg", "g_ema.mapping.w_avg", "d.epilogue.out.weight");
    }
  }

  @Test
  void the_moving_average_follows_the_generator_closely_early_and_slowly_later() {
    assertThat(StyleTrainer.emaBeta(0, 0.999)).isLessThan(1e-5); // the first step all but copies G
    assertThat(StyleTrainer.emaBeta(19, 0.999)).isCloseTo(0.5, within(1e-12)); // half-life 1 step at 20
    assertThat(StyleTrainer.emaBeta(299, 0.999)).isCloseTo(Math.pow(0.5, 20.0 / 300), within(1e-12)); // 0.955
    assertThat(StyleTrainer.emaBeta(1_000_000, 0.999)).isEqualTo(0.999); // capped at the configured decay
    assertThat(StyleTrainer.emaBeta(1_000_000, 0.9)).isEqualTo(0.9);
  }

  /** Mean of rows [from, to) over these images (B·784, in [-1, 1]). */
  private static double rows(float[] x, int from, int to) {
    double s = 0;
    int n = x.length / 784;
    for (int i = 0; i < n; i++) {
      for (int y = from; y < to; y++) {
        for (int c = 0; c < 28; c++) {
          s += x[i * 784 + y * 28 + c];
        }
      }
    }
    return s / (n * (to - from) * 28.0);
  }

  @Test
  @org.junit.jupiter.api.Tag("slow")
  void a_handful_of_images_is_overfitted_the_bars_appear_where_they_are_in_the_data() {
    ImageSet two = data.head(2); // bars in rows 2-6 and 4-8 over a dark background
    try (NDManager m = NDManager.newBaseManager(); StyleGan gan = new StyleGan(StyleConfig.tiny().withBatch(4), m)) {
      StyleTrainer t = new StyleTrainer(gan, two);
      float[] before = gan.sample(SEEDS, 1, m);
      double contrastBefore = rows(before, 2, 9) - rows(before, 14, 28);
      for (int s = 0; s < STEPS_TO_OVERFIT; s++) {
        Torch.seed(s);
        try (NDManager scope = m.newSubManager()) {
          Map<String, Double> l = t.trainStep(s, scope);
          assertThat(l.values()).as("losses at step %d", s).allMatch(Double::isFinite);
        }
      }
      float[] after = gan.sample(SEEDS, 1, m);
      double contrast = rows(after, 2, 9) - rows(after, 14, 28);
      System.err.printf("overfit: contrast %.3f -> %.3f, background %.3f%n", contrastBefore, contrast, rows(after, 14, 28));
      assertThat(Math.abs(contrastBefore)).isLessThan(0.3);
      assertThat(contrast).as("bright bar rows minus the dark lower half").isGreaterThan(0.4);
      assertThat(rows(after, 14, 28)).as("the background").isLessThan(-0.4);
    }
  }

  static final int STEPS_TO_OVERFIT = 300;

  @Test
  void a_saved_model_loads_back_to_the_same_images() {
    try (NDManager m = NDManager.newBaseManager();
        StyleGan a = new StyleGan(StyleConfig.tiny(), m);
        StyleGan b = new StyleGan(StyleConfig.tiny().withSeed(99), m)) {
      assertThat(maxDiff(a.sample(SEEDS, 0.7, m), b.sample(SEEDS, 0.7, m))).isGreaterThan(1e-5);
      b.params().load(a.params().toTensors(), "memory");
      assertThat(b.sample(SEEDS, 0.7, m)).isEqualTo(a.sample(SEEDS, 0.7, m));
    }
  }

  @Test
  void narrower_28x28_layers_train_and_a_config_saved_without_them_reads_as_uniform_width() throws Exception {
    StyleConfig tapered = StyleConfig.tiny().withFineChannels(4);
    assertThat(tapered.channels()).isEqualTo(8);
    try (NDManager m = NDManager.newBaseManager(); StyleGan gan = new StyleGan(tapered, m)) {
      Map<String, NDArray> t = new java.util.HashMap<>(gan.params().trainable("g."));
      t.putAll(gan.params().trainable("d."));
      assertThat(t.get("g.synthesis.conv2.weight").getShape()).isEqualTo(new Shape(8, 8, 3, 3)); // 14×14
      assertThat(t.get("g.synthesis.conv3.weight").getShape()).isEqualTo(new Shape(4, 8, 3, 3)); // into 28×28
      assertThat(t.get("g.synthesis.conv4.weight").getShape()).isEqualTo(new Shape(4, 4, 3, 3));
      assertThat(t.get("g.synthesis.torgb.weight").getShape()).isEqualTo(new Shape(1, 4, 1, 1));
      assertThat(t.get("d.fromrgb.weight").getShape()).isEqualTo(new Shape(4, 1, 1, 1));
      assertThat(t.get("d.block0.conv1.weight").getShape()).isEqualTo(new Shape(8, 4, 3, 3));
      assertThat(t.get("d.block0.skip.weight").getShape()).isEqualTo(new Shape(8, 4, 1, 1));
      assertThat(t.get("d.block1.conv0.weight").getShape()).isEqualTo(new Shape(8, 8, 3, 3));
      StyleTrainer trainer = new StyleTrainer(gan, data);
      for (int s = 0; s < 2; s++) {
        Torch.seed(s);
        try (NDManager scope = m.newSubManager()) {
          assertThat(trainer.trainStep(s, scope).values()).allMatch(Double::isFinite);
        }
      }
      assertThat(gan.sample(SEEDS, 1, m)).hasSize(SEEDS.length * 784);
    }
    // a run's config.json from before fine_channels existed: every layer at "channels"
    com.fasterxml.jackson.databind.JsonNode old = dev.fabrica.core.Json.MAPPER.valueToTree(StyleConfig.tiny().withChannels(6));
    ((com.fasterxml.jackson.databind.node.ObjectNode) old).remove(java.util.List.of("fine_channels", "d_downsample_first"));
    StyleConfig read = dev.fabrica.core.Json.MAPPER.treeToValue(old, StyleConfig.class);
    assertThat(read.fineChannels()).isEqualTo(6);
    assertThat(read.downsampleFirst()).as("old runs pool after both convolutions").isFalse();
    assertThat(read).isEqualTo(StyleConfig.tiny().withChannels(6).withDownsampleFirst(false));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StyleConfig.tiny().withFineChannels(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fine_channels");
  }

  @Test
  void down2_averages_each_2x2_block_and_the_two_block_layouts_differ_only_in_where_they_pool() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] v = new float[2 * 3 * 4 * 6];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) Math.sin(i * 0.7) * i;
      }
      float[] got = StyleLayers.down2(m.create(v, new Shape(2, 3, 4, 6))).toFloatArray();
      assertThat(got).hasSize(2 * 3 * 2 * 3);
      int k = 0;
      for (int bc = 0; bc < 6; bc++) {
        for (int y = 0; y < 2; y++) {
          for (int x = 0; x < 3; x++) {
            int o = bc * 24 + 2 * y * 6 + 2 * x;
            double mean = (v[o] + v[o + 1] + v[o + 6] + v[o + 7]) / 4.0;
            assertThat((double) got[k++]).isCloseTo(mean, within(1e-4 * (1 + Math.abs(mean))));
          }
        }
      }
      // the same weights in both layouts give the same shapes but not the same function
      NDArray images = m.randomUniform(-1, 1, new Shape(4, 784));
      try (StyleGan a = new StyleGan(StyleConfig.tiny(), m); StyleGan b = new StyleGan(StyleConfig.tiny().withDownsampleFirst(false), m)) {
        float[] la = a.d.forward(images).toFloatArray();
        float[] lb = b.d.forward(images).toFloatArray();
        assertThat(la).hasSize(4).doesNotContain(Float.NaN);
        assertThat(maxDiff(la, lb)).isGreaterThan(1e-6);
      }
    }
  }
}
