package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.io.Safetensors;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model's structure: causality, names, save and load, the config's checks and schedule. */
class GptTest {
  static final GptConfig CONFIG = GptConfig.tiny().withVocabSize(20);

  @BeforeAll
  static void engine() {
    Torch.start(1);
  }

  private static float[] logits(Gpt gpt, NDManager m, long[] ids) {
    return gpt.logits(m.create(ids, new Shape(1, ids.length)), false).toFloatArray();
  }

  @Test
  void changing_a_later_token_never_changes_an_earlier_logit() {
    try (NDManager m = NDManager.newBaseManager(); Gpt gpt = new Gpt(CONFIG, m)) {
      long[] a = {1, 5, 3, 9, 2, 7, 4, 0};
      long[] b = a.clone();
      b[5] = 11; // positions 0–4 must not see it
      float[] la = logits(gpt, m, a);
      float[] lb = logits(gpt, m, b);
      int v = CONFIG.vocabSize();
      for (int i = 0; i < 5 * v; i++) {
        assertThat(lb[i]).as("logit %d of position %d", i % v, i / v).isEqualTo(la[i]);
      }
      boolean later = false;
      for (int i = 5 * v; i < la.length; i++) {
        later |= la[i] != lb[i];
      }
      assertThat(later).as("the changed token affects its own and later positions").isTrue();
    }
  }

  @Test
  void saved_weights_load_into_a_fresh_model_with_identical_logits(@TempDir Path tmp) {
    try (NDManager m = NDManager.newBaseManager(); Gpt a = new Gpt(CONFIG, m); Gpt b = new Gpt(CONFIG.withSeed(99), m)) {
      long[] ids = {3, 1, 4, 1, 5, 9, 2, 6};
      assertThat(logits(b, m, ids)).isNotEqualTo(logits(a, m, ids));
      Path file = tmp.resolve("model.safetensors");
      Safetensors.write(file, a.checkpointTensors(), Map.of());
      b.params().load(Safetensors.read(file).tensors(), file.toString());
      assertThat(logits(b, m, ids)).isEqualTo(logits(a, m, ids));
    }
  }

  @Test
  void names_follow_nanogpt_and_bias_flag_drops_biases() {
    try (NDManager m = NDManager.newBaseManager();
        Gpt with = new Gpt(CONFIG, m);
        Gpt without = new Gpt(GptConfig.baby().withVocabSize(20), m)) {
      assertThat(with.params().trainable().keySet()).contains(
          "transformer.wte.weight", "transformer.wpe.weight", "transformer.h.0.ln_1.weight", "transformer.h.0.ln_1.bias",
          "transformer.h.1.attn.c_attn.weight", "transformer.h.1.attn.c_proj.bias", "transformer.h.1.mlp.c_fc.weight",
          "transformer.h.1.mlp.c_proj.weight", "transformer.ln_f.weight", "transformer.ln_f.bias");
      assertThat(without.params().trainable().keySet()).noneMatch(k -> k.endsWith(".bias"));
      // nanoGPT's count for baby with a 20-token vocabulary: 12·L·C² + (V + T)·C + the LayerNorm gains
      long c = 128;
      assertThat(without.params().count()).isEqualTo(12 * 4 * c * c + (20 + 64) * c + (2 * 4 + 1) * c);
    }
  }

  @Test
  void learning_rate_warms_up_linearly_then_follows_a_cosine_to_the_minimum() {
    GptConfig c = GptConfig.baby().withSchedule(1e-3, 1e-4, 100, 2000);
    assertThat(c.learningRate(0)).isCloseTo(1e-3 / 101, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(c.learningRate(99)).isCloseTo(1e-3 * 100 / 101, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(c.learningRate(100)).isEqualTo(1e-3);
    assertThat(c.learningRate(1050)).isCloseTo(5.5e-4, org.assertj.core.data.Offset.offset(1e-12)); // halfway: the mean
    assertThat(c.learningRate(2000)).isEqualTo(1e-4);
    assertThat(c.learningRate(5000)).isEqualTo(1e-4);
    for (int s = 100; s < 2000; s++) {
      assertThat(c.learningRate(s + 1)).isLessThan(c.learningRate(s));
    }
  }

  @Test
  void config_rejects_bad_values_naming_them() {
    assertThatThrownBy(() -> GptConfig.baby().withEval(0, 5)).hasMessageContaining("eval_interval").hasMessageContaining("0");
    assertThatThrownBy(() -> new Gpt(GptConfig.baby(), null)).hasMessageContaining("vocab_size");
    assertThatThrownBy(() -> GptConfig.baby().withDropout(1.0)).hasMessageContaining("dropout must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> GptConfig.preset("huge")).hasMessageContaining("'huge'");
    assertThatThrownBy(() -> new GptConfig(0, 64, 4, 3, 128, 0, false, 12, 10, 1e-3, 1e-4, 1, 10, 0.1, 0.9, 0.99, 1, 1, 1, 1))
        .hasMessageContaining("n_embd (128) must be a multiple of n_head (3)");
  }
}
