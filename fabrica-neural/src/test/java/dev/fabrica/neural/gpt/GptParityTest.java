package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
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

/** fabrica's GPT gives the logits of an independent PyTorch implementation (resources/gpt/make_golden.py) to 1e-5. */
class GptParityTest {
  @ParameterizedTest
  @ValueSource(strings = {"tiny-bias", "tiny-nobias"})
  void logits_match_the_pytorch_reference(String name) throws Exception {
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
      NDArray logits = gpt.logits(m.create(idx.toLongs(), new Shape(idx.shape())), false);
      Tensor want = t.get("output.logits");
      assertThat(logits.getShape()).isEqualTo(new Shape(want.shape()));
      float[] got = logits.toFloatArray();
      float[] expected = want.toFloats();
      double worst = 0;
      for (int i = 0; i < got.length; i++) {
        worst = Math.max(worst, Math.abs(got[i] - expected[i]));
      }
      assertThat(worst).as("largest logit difference").isLessThan(1e-5);
      // the checkpoint names are exactly the reference's state_dict (lm_head tied to wte)
      assertThat(gpt.checkpointTensors().keySet())
          .containsExactlyInAnyOrderElementsOf(t.keySet().stream().filter(k -> !k.contains("put.")).toList());
    }
  }
}
