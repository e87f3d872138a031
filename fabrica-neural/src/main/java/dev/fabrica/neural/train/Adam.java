package dev.fabrica.neural.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.io.Tensor;
import dev.fabrica.neural.nn.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) as PyTorch's torch.optim.Adam computes it, with AdamW's decoupled weight
 * decay as an option: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·(m/(1−β₁ᵗ)) /
 * (√(v/(1−β₂ᵗ)) + ε) − lr·λ·θ. Its moments are plain arrays, so a checkpoint can save and restore
 * them exactly.
 */
public final class Adam implements AutoCloseable {
  /** Hyperparameters; weight decay 0 is plain Adam. */
  public record Config(double lr, double beta1, double beta2, double eps, double weightDecay) {
    public Config {
      if (!(lr > 0) || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(eps > 0) || weightDecay < 0) {
        throw new IllegalArgumentException(
            "bad Adam settings: lr " + lr + ", betas " + beta1 + "/" + beta2 + ", eps " + eps + ", weight decay " + weightDecay);
      }
    }

    public static Config of(double lr) {
      return new Config(lr, 0.9, 0.999, 1e-8, 0);
    }

    public Config withBetas(double b1, double b2) {
      return new Config(lr, b1, b2, eps, weightDecay);
    }
  }

  private final String name;
  private final Config config;
  private final Map<String, NDArray> params;
  private final NDManager manager;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private long t;

  /**
   * @param name prefix of this optimizer's tensors in a checkpoint ("adam", or "adam_g" and "adam_d")
   */
  public Adam(String name, Config config, Map<String, NDArray> params, NDManager parent) {
    this.name = name;
    this.config = config;
    this.params = params;
    this.manager = parent.newSubManager();
    params.forEach((k, p) -> {
      m.put(k, manager.zeros(p.getShape()));
      v.put(k, manager.zeros(p.getShape()));
    });
  }

  /** One update from the gradients now held by the parameters, at learning rate {@code lr}. */
  public void step(double lr) {
    t++;
    double c1 = 1 - Math.pow(config.beta1, t);
    double c2 = 1 - Math.pow(config.beta2, t);
    try (NDManager scope = manager.newSubManager()) {
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        NDArray p = e.getValue();
        NDArray g = p.getGradient();
        g.attach(scope);
        NDArray mk = m.get(e.getKey());
        NDArray vk = v.get(e.getKey());
        // float scalars: a double would make DJL build a float64 tensor. Results of operations on
        // the moments belong to the moments' manager, so each temporary is closed here.
        mk.muli((float) config.beta1).addi(Scalars.mul(g, 1 - config.beta1));
        vk.muli((float) config.beta2).addi(g.square().muli((float) (1 - config.beta2)));
        if (config.weightDecay > 0 && p.getShape().dimension() >= 2) {
          try (NDArray decay = Scalars.mul(p, lr * config.weightDecay)) {
            p.subi(decay);
          }
        }
        try (NDArray denom = vk.sqrt(); NDArray update = mk.div(denom.divi((float) Math.sqrt(c2)).addi((float) config.eps))) {
          p.subi(update.muli((float) (lr / c1)));
        }
      }
    }
  }

  /** The default learning rate of this optimizer. */
  public double lr() {
    return config.lr;
  }

  public long steps() {
    return t;
  }

  /** The moments as checkpoint tensors, named {@code <name>.m.<param>} and {@code <name>.v.<param>}. */
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    m.forEach((k, a) -> out.put(name + ".m." + k, Tensor.f32(a.getShape().getShape(), a.toFloatArray())));
    v.forEach((k, a) -> out.put(name + ".v." + k, Tensor.f32(a.getShape().getShape(), a.toFloatArray())));
    out.put(name + ".t", Tensor.i64(new long[] {1}, new long[] {t}));
    return out;
  }

  /** Restores what {@link #state()} saved. */
  public void load(Map<String, Tensor> saved, String source) {
    Tensor step = saved.get(name + ".t");
    if (step == null) {
      throw new BadInputException(source + ": no optimizer state " + name + ".t");
    }
    t = step.toLongs()[0];
    restore(m, name + ".m.", saved, source);
    restore(v, name + ".v.", saved, source);
  }

  private static void restore(Map<String, NDArray> into, String prefix, Map<String, Tensor> saved, String source) {
    into.forEach((k, a) -> {
      Tensor s = saved.get(prefix + k);
      if (s == null || s.numel() != a.getShape().size()) {
        throw new BadInputException(source + ": optimizer tensor " + prefix + k + " is missing or has the wrong size");
      }
      a.set(s.toFloats());
    });
  }

  @Override
  public void close() {
    manager.close();
  }
}
