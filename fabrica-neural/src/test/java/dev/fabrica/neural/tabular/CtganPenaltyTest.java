package dev.fabrica.neural.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.meta.Metadata;
import dev.fabrica.tabular.transform.DataTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CtganPenaltyTest {
  @Test
  void the_central_difference_penalty_gradient_is_the_exact_second_order_one() {
    Torch.start(1);
    Torch.seed(3);
    Table t = TvaeTest.table(100);
    DataTransformer tr = DataTransformer.fit(t, Metadata.detect(t), 1);
    float[] data = tr.transform(t.rows(), new SplittableRandom(1));
    CondSampler sampler = new CondSampler(tr, data, t.size(), tr.width());
    CtganConfig c = CtganConfig.tiny();
    try (NDManager m = NDManager.newBaseManager(); Ctgan gan = new Ctgan(c, tr.segments(), tr.width(), sampler.width(), m)) {
      CtganTrainer trainer = new CtganTrainer(gan, data, t.size(), tr.width(), sampler);
      int b = 40;
      int packs = b / c.pac();
      SplittableRandom r = new SplittableRandom(2);
      float[] x = new float[b * (tr.width() + sampler.width())];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian() * 0.5f;
      }
      NDArray xhat = m.create(x, new Shape(b, tr.width() + sampler.width()));
      NDList masks = gan.dropoutMasks(packs, m);
      Map<String, NDArray> d = gan.discriminatorParams();

      CtganTrainer.Penalty pen = trainer.penalty(xhat, masks, packs, m);
      Params.zeroGrad(d);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(trainer.surrogate(pen, xhat, masks));
      }
      List<float[]> approx = new ArrayList<>();
      for (NDArray p : d.values()) {
        approx.add(p.getGradient().toFloatArray());
      }
      // exact: λ mean over packs of (‖∇ₓD‖ − 1)², differentiated through libtorch's create_graph
      Params.zeroGrad(d);
      NDArray x2 = xhat.duplicate();
      x2.setRequiresGradient(true);
      double exactValue;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = gan.critic(x2, masks).sum();
        ai.djl.pytorch.jni.JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) out, (ai.djl.pytorch.engine.PtNDArray) out.onesLike(), true, true);
        NDArray norms = x2.getGradient().reshape(packs, -1).square().sum(new int[] {1}).sqrt();
        NDArray gp = norms.sub(1).square().mean().mul((float) c.gpLambda());
        exactValue = gp.getFloat();
        Params.zeroGrad(d);
        gc.backward(gp);
      }
      assertThat(pen.value()).isCloseTo(exactValue, within(1e-4 * Math.max(1, exactValue)));
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
      assertThat(ne).isPositive();
      assertThat(dot / Math.sqrt(na * ne)).isGreaterThan(0.999);
      assertThat(Math.sqrt(na / ne)).isCloseTo(1.0, within(0.01));
    }
  }
}
