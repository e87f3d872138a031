package dev.fabrica.neural.tabular;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.fabrica.neural.nn.BatchNorm;
import dev.fabrica.neural.nn.Linear;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;
import dev.fabrica.tabular.transform.DataTransformer;
import java.util.ArrayList;
import java.util.List;

/**
 * CTGAN's networks (Xu et al. 2019, §4.1). Generator: (z ⊕ cond) → two residual layers, each
 * h' = ReLU(BN(W h)) ⊕ h → a linear output per vector entry; activated by tanh on the scalars and
 * a Gumbel softmax (τ) per softmax segment. Discriminator on packs of {@code pac} rows (PacGAN:
 * the rows of a pack concatenated): Linear → LeakyReLU(0.2) → Dropout(0.5), twice, → Linear → 1
 * score (a WGAN critic). The discriminator sees entries in "critic order" (all scalars, then each
 * size group of softmax segments), real rows gathered into the same order.
 */
public final class Ctgan implements AutoCloseable {
  private final CtganConfig config;
  private final SegmentIndex index;
  private final Params params;
  private final int width;
  private final int condWidth;
  private final Linear g0;
  private final BatchNorm gbn0;
  private final Linear g1;
  private final BatchNorm gbn1;
  private final Linear gOut;
  private final Linear d0;
  private final Linear d1;
  private final Linear dOut;
  private final long[] criticOrder;

  public Ctgan(CtganConfig config, List<DataTransformer.Segment> segments, int width, int condWidth, NDManager manager) {
    this.config = config;
    this.index = new SegmentIndex(segments);
    this.width = width;
    this.condWidth = condWidth;
    this.params = new Params(manager, config.seed());
    int h = config.hidden();
    int in = config.embedding() + condWidth;
    g0 = Linear.create(params, "generator.0.fc", in, h);
    gbn0 = BatchNorm.create(params, "generator.0.bn", h);
    g1 = Linear.create(params, "generator.1.fc", in + h, h);
    gbn1 = BatchNorm.create(params, "generator.1.bn", h);
    gOut = Linear.create(params, "generator.out", in + 2 * h, width);
    int dIn = (width + condWidth) * config.pac();
    d0 = Linear.create(params, "discriminator.0", dIn, h);
    d1 = Linear.create(params, "discriminator.1", h, h);
    dOut = Linear.create(params, "discriminator.out", h, 1);
    List<Long> order = new ArrayList<>();
    for (DataTransformer.Segment s : segments) {
      if (s.tanh()) {
        order.add((long) s.start());
      }
    }
    for (SegmentIndex.Group g : index.groups()) {
      for (long c : g.columns()) {
        order.add(c);
      }
    }
    criticOrder = order.stream().mapToLong(Long::longValue).toArray();
  }

  public CtganConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  SegmentIndex index() {
    return index;
  }

  /** Generator tensors (named generator.*). */
  java.util.Map<String, NDArray> generatorParams() {
    return params.trainable("generator.");
  }

  /** Discriminator tensors (named discriminator.*). */
  java.util.Map<String, NDArray> discriminatorParams() {
    return params.trainable("discriminator.");
  }

  /** Raw generator outputs (B, width) from z ⊕ cond (B, embedding + condWidth). */
  NDArray generate(NDArray input, boolean training) {
    NDArray h1 = NDArrays.concat(new NDList(Activation.relu(gbn0.forward(g0.forward(input), training)), input), 1);
    NDArray h2 = NDArrays.concat(new NDList(Activation.relu(gbn1.forward(g1.forward(h1), training)), h1), 1);
    return gOut.forward(h2);
  }

  /**
   * Activated generator outputs in critic order (B, width): tanh on the scalars, a Gumbel softmax
   * softmax((logits + g) / τ) over each segment, g = −log(−log U) from the engine's generator.
   */
  NDArray activate(NDArray raw, NDManager m) {
    long b = raw.getShape().get(0);
    NDList parts = new NDList();
    if (index.tanhCount() > 0) {
      parts.add(index.tanhColumns(raw, m).tanh());
    }
    for (SegmentIndex.Group g : index.groups()) {
      NDArray logits = index.group(raw, g, m); // (B, count, size)
      NDArray u = m.randomUniform(1e-10f, 1f, logits.getShape());
      NDArray gumbel = u.log().neg().log().neg();
      parts.add(Scalars.div(logits.add(gumbel), config.tau()).softmax(2).reshape(b, (long) g.count() * g.size()));
    }
    return NDArrays.concat(parts, 1);
  }

  /** Real transformed rows (B, width) put in critic order. */
  NDArray criticOrder(NDArray x, NDManager m) {
    return x.get(new ai.djl.ndarray.index.NDIndex(":, {}", m.create(criticOrder)));
  }

  /** Dropout masks for one discriminator pass: two (B/pac, hidden) arrays of 0 or 2 (p = 0.5, inverted). */
  NDList dropoutMasks(long packs, NDManager m) {
    NDList masks = new NDList();
    for (int i = 0; i < 2; i++) {
      masks.add(Scalars.mul(m.randomUniform(0f, 1f, new Shape(packs, config.hidden())).gte(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false), 2));
    }
    return masks;
  }

  /**
   * Critic scores of rows x (B, width + condWidth) in critic order, packed by {@code pac}:
   * (B / pac, 1).
   */
  NDArray critic(NDArray x, NDList masks) {
    long packs = x.getShape().get(0) / config.pac();
    NDArray h = x.reshape(packs, (width + condWidth) * (long) config.pac());
    h = Activation.leakyRelu(d0.forward(h), 0.2f).mul(masks.get(0));
    h = Activation.leakyRelu(d1.forward(h), 0.2f).mul(masks.get(1));
    return dOut.forward(h);
  }

  int width() {
    return width;
  }

  int condWidth() {
    return condWidth;
  }

  @Override
  public void close() {
    params.close();
  }
}
