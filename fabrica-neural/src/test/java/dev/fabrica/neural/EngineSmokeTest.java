package dev.fabrica.neural;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
  @Test
  void pytorch_loads_offline_and_differentiates() {
    assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1, 2, 3});
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = x.mul(x).sum();
        gc.backward(y);
      }
      assertThat(x.getGradient().toFloatArray()).containsExactly(2, 4, 6);
    }
    System.out.println(Engine.getInstance().getVersion() + " " + System.getProperty("ai.djl.offline"));
  }
}
