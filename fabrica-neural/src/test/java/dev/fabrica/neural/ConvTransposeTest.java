package dev.fabrica.neural;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import dev.fabrica.neural.nn.ConvTranspose;
import java.io.InputStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Our transposed convolution equals PyTorch's conv_transpose2d (golden values from make_golden.py). */
class ConvTransposeTest {
  @Test
  void matches_pytorch_conv_transpose2d_on_every_golden_case() throws Exception {
    Torch.start(1);
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/convtranspose/golden.json")) {
      golden = Json.MAPPER.readTree(in);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      for (JsonNode c : golden.get("cases")) {
        NDArray x = m.create(floats(c.get("x")), shape(c.get("x_shape")));
        NDArray w = m.create(floats(c.get("w")), shape(c.get("w_shape")));
        NDArray b = m.create(floats(c.get("bias")));
        NDArray y = ConvTranspose.forward(x, w, b, c.get("stride").asInt(), c.get("padding").asInt());
        assertThat(y.getShape()).isEqualTo(shape(c.get("y_shape")));
        float[] want = floats(c.get("y"));
        float[] got = y.toFloatArray();
        for (int i = 0; i < want.length; i++) {
          assertThat(got[i]).as("case %s, element %d", c.get("y_shape"), i).isCloseTo(want[i], Offset.offset(1e-5f));
        }
      }
    }
  }

  private static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).asDouble();
    }
    return f;
  }

  private static Shape shape(JsonNode a) {
    long[] s = new long[a.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = a.get(i).asLong();
    }
    return new Shape(s);
  }
}
