package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.io.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import static org.assertj.core.data.Offset.offset;

/** The plain-Java decoder, fed one position at a time, gives the logits of a whole forward pass. */
class JavaDecoderTest {
  @ParameterizedTest
  @ValueSource(strings = {"tiny-bias", "tiny-nobias"})
  void position_by_position_logits_match_the_pytorch_reference_and_the_libtorch_forward(String name) throws Exception {
    Torch.start(1);
    Path file = Path.of(getClass().getResource("/gpt/" + name + ".safetensors").toURI());
    Safetensors.Loaded golden = Safetensors.read(file);
    JsonNode c = Json.MAPPER.readTree(golden.metadata().get("config"));
    GptConfig config = new GptConfig(c.get("vocab_size").asInt(), c.get("block_size").asInt(), c.get("n_layer").asInt(),
        c.get("n_head").asInt(), c.get("n_embd").asInt(), 0, c.get("bias").asBoolean(),
        1, 1, 1e-3, 0, 0, 1, 0, 0.9, 0.99, 1, 1, 1, 1);
    Map<String, Tensor> t = golden.tensors();
    try (NDManager m = NDManager.newBaseManager(); Gpt gpt = new Gpt(config, m)) {
      gpt.params().load(t, file.toString());
      Tensor idx = t.get("input.idx");
      int rows = (int) idx.shape()[0];
      int len = (int) idx.shape()[1];
      long[] ids = idx.toLongs();
      float[] torch = gpt.logits(m.create(ids, new Shape(rows, len)), false).toFloatArray(); // (B, T, V)
      float[] reference = t.get("output.logits").toFloats();
      int v = config.vocabSize();
      // every row steps together, one position per call, as batched generation does
      JavaDecoder d = new JavaDecoder(DecodeWeights.of(gpt), rows);
      int[] who = new int[rows];
      int[] tok = new int[rows];
      int[] pos = new int[rows];
      float[] got = new float[v];
      double worstReference = 0;
      double worstTorch = 0;
      for (int p = 0; p < len; p++) {
        for (int b = 0; b < rows; b++) {
          who[b] = b;
          tok[b] = (int) ids[b * len + p];
          pos[b] = p;
        }
        float[][] hidden = d.feed(rows, who, tok, pos);
        for (int b = 0; b < rows; b++) {
          d.logits(hidden[b], got, 0);
          for (int k = 0; k < v; k++) {
            int at = (b * len + p) * v + k;
            worstReference = Math.max(worstReference, Math.abs(got[k] - reference[at]));
            worstTorch = Math.max(worstTorch, Math.abs(got[k] - torch[at]));
          }
        }
      }
      assertThat(d.cache().length(0)).isEqualTo(len);
      // a whole prompt per row in one call (how a window is filled) gives the same logits
      JavaDecoder all = new JavaDecoder(DecodeWeights.of(gpt), rows);
      int n = rows * len;
      int[] allRows = new int[n];
      int[] allTokens = new int[n];
      int[] allPositions = new int[n];
      for (int i = 0; i < n; i++) {
        allRows[i] = i / len;
        allTokens[i] = (int) ids[i];
        allPositions[i] = i % len;
      }
      float[][] hidden = all.feed(n, allRows, allTokens, allPositions);
      double worstPrefill = 0;
      for (int i = 0; i < n; i++) {
        all.logits(hidden[i], got, 0);
        for (int k = 0; k < v; k++) {
          worstPrefill = Math.max(worstPrefill, Math.abs(got[k] - reference[i * v + k]));
        }
      }
      assertThat(worstPrefill).as("largest difference from PyTorch's logits, whole prompts at once").isLessThan(1e-5);
      assertThat(all.cache().length(rows - 1)).isEqualTo(len);
      assertThat(worstReference).as("largest difference from PyTorch's logits").isLessThan(1e-5);
      assertThat(worstTorch).as("largest difference from the libtorch forward").isLessThan(1e-5);
    }
  }

  @Test
  void widths_that_are_not_multiples_of_four_match_the_libtorch_forward() {
    Torch.start(1);
    // 30 wide, 3 heads of 10, 13 tokens: every loop runs its remainder; weights scaled up to std ~0.5
    // so the logits are large and a wrong term would show
    GptConfig c = new GptConfig(13, 9, 2, 3, 30, 0, true, 1, 1, 1e-3, 0, 0, 1, 0, 0.9, 0.99, 1, 1, 1, 3);
    try (NDManager m = NDManager.newBaseManager(); Gpt gpt = new Gpt(c, m)) {
      gpt.params().trainable().values().forEach(a -> a.muli(25));
      long[] ids = {3, 12, 0, 7, 7, 1, 9, 4, 11};
      float[] torch = gpt.logits(m.create(ids, new Shape(1, ids.length)), false).toFloatArray();
      JavaDecoder d = new JavaDecoder(DecodeWeights.of(gpt), 1);
      float[] got = new float[13];
      double worst = 0;
      double largest = 0;
      for (int p = 0; p < ids.length; p++) {
        d.logits(d.feed(1, new int[] {0}, new int[] {(int) ids[p]}, new int[] {p})[0], got, 0);
        for (int k = 0; k < 13; k++) {
          worst = Math.max(worst, Math.abs(got[k] - torch[p * 13 + k]));
          largest = Math.max(largest, Math.abs(torch[p * 13 + k]));
        }
      }
      assertThat(largest).as("logits far from zero").isGreaterThan(5);
      assertThat(worst / largest).as("largest relative difference").isLessThan(1e-5);
    }
  }

  @Test
  void erf_and_gelu_agree_with_tabulated_values() {
    assertThat(Gelu.erf(0)).isCloseTo(0, offset(1e-7));
    assertThat(Gelu.erf(0.5)).isCloseTo(0.5204998778, offset(2e-7));
    assertThat(Gelu.erf(1)).isCloseTo(0.8427007929, offset(2e-7));
    assertThat(Gelu.erf(-2)).isCloseTo(-0.9953222650, offset(2e-7));
    assertThat(Gelu.apply(1f)).isCloseTo(0.8413447f, offset(1e-6f)); // Φ(1)
    assertThat(Gelu.apply(-3f)).isCloseTo(-0.0040496f, offset(1e-6f));
    assertThat(Gelu.apply(9f)).isEqualTo(9f);
    assertThat(Gelu.apply(-9f)).isZero();
    assertThat(Gelu.apply(Float.NaN)).isNaN();
  }

  @Test
  void the_rational_gelu_is_within_float_rounding_of_the_exact_one_everywhere_and_the_same_over_an_array() {
    double worst = 0;
    int n = (int) (20 / 0.0007) + 1;
    float[] grid = new float[n];
    for (int i = 0; i < n; i++) {
      grid[i] = -10f + i * 0.0007f;
      worst = Math.max(worst, Math.abs(Gelu.apply(grid[i]) - Gelu.exact(grid[i])) / Math.max(1, Math.abs(grid[i])));
    }
    assertThat(worst).isLessThan(3e-7);
    float[] all = grid.clone();
    Gelu.applyInPlace(all, n); // vectorised by C2: the same value, bit for bit
    for (int i = 0; i < n; i++) {
      assertThat(Float.floatToIntBits(all[i])).as("gelu(%s)", grid[i]).isEqualTo(Float.floatToIntBits(Gelu.apply(grid[i])));
    }
  }
}
