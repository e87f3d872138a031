package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.io.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The named tensors of a model, in creation order: trainable parameters (gradients on) and buffers
 * such as batch-norm running statistics. Names follow PyTorch's state_dict ({@code fc1.weight}), so
 * a checkpoint reads back into the same PyTorch module. Initial values come from a seeded Java
 * generator, independent of the engine's global RNG.
 */
public final class Params implements AutoCloseable {
  private final NDManager manager;
  private final Map<String, NDArray> trainable = new LinkedHashMap<>();
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();
  private final SplittableRandom random;

  public Params(NDManager parent, long seed) {
    this.manager = parent.newSubManager();
    this.random = new SplittableRandom(seed);
  }

  public NDManager manager() {
    return manager;
  }

  /** A parameter with values uniform in [-bound, bound] (PyTorch's default for Linear and Conv). */
  public NDArray uniform(String name, double bound, long... shape) {
    float[] v = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return add(name, v, shape);
  }

  /** A parameter drawn from N(mean, std²) (the DCGAN initialisation). */
  public NDArray normal(String name, double mean, double std, long... shape) {
    float[] v = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < v.length; i += 2) {
      // Box-Muller: two normals from two uniforms
      double u1 = 1 - random.nextDouble();
      double u2 = random.nextDouble();
      double r = Math.sqrt(-2 * Math.log(u1));
      v[i] = (float) (mean + std * r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < v.length) {
        v[i + 1] = (float) (mean + std * r * Math.sin(2 * Math.PI * u2));
      }
    }
    return add(name, v, shape);
  }

  /** A parameter filled with one value. */
  public NDArray constant(String name, float value, long... shape) {
    float[] v = new float[(int) new Shape(shape).size()];
    java.util.Arrays.fill(v, value);
    return add(name, v, shape);
  }

  /** A tensor saved with the model but not trained (running mean and variance). */
  public NDArray buffer(String name, float value, long... shape) {
    NDArray a = manager.full(new Shape(shape), value, DataType.FLOAT32);
    buffers.put(name, a);
    return a;
  }

  private NDArray add(String name, float[] values, long... shape) {
    if (trainable.containsKey(name) || buffers.containsKey(name)) {
      throw new IllegalArgumentException("duplicate parameter " + name);
    }
    NDArray a = manager.create(values, new Shape(shape));
    a.setRequiresGradient(true);
    trainable.put(name, a);
    return a;
  }

  /** Trainable parameters by name. */
  public Map<String, NDArray> trainable() {
    return Collections.unmodifiableMap(trainable);
  }

  /** Trainable parameters whose names start with {@code prefix} (a GAN's generator: "g."). */
  public Map<String, NDArray> trainable(String prefix) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    trainable.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * Clears the gradients of these parameters; PyTorch accumulates them, so every backward pass
   * needs this first.
   */
  public static void zeroGrad(Map<String, NDArray> params) {
    for (NDArray p : params.values()) {
      if (p.hasGradient()) {
        ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
      }
    }
  }

  /** Number of trainable scalars. */
  public long count() {
    return trainable.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** Every tensor (parameters, then buffers) as safetensors entries. */
  public Map<String, Tensor> toTensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    trainable.forEach((k, v) -> out.put(k, Tensor.f32(v.getShape().getShape(), v.toFloatArray())));
    buffers.forEach((k, v) -> out.put(k, Tensor.f32(v.getShape().getShape(), v.toFloatArray())));
    return out;
  }

  /**
   * Overwrites every tensor with the saved one of the same name.
   *
   * @throws BadInputException naming {@code source} when a tensor is missing or has another shape
   */
  public void load(Map<String, Tensor> saved, String source) {
    Map<String, NDArray> all = new LinkedHashMap<>(trainable);
    all.putAll(buffers);
    for (Map.Entry<String, NDArray> e : all.entrySet()) {
      Tensor t = saved.get(e.getKey());
      if (t == null) {
        throw new BadInputException(source + ": no tensor " + e.getKey());
      }
      Shape want = e.getValue().getShape();
      if (!new Shape(t.shape()).equals(want)) {
        throw new BadInputException(
            source + ": tensor " + e.getKey() + " has shape " + new Shape(t.shape()) + ", the model needs " + want);
      }
      // copy through an index assignment: NDArray.set(float[]) makes libtorch warn about a
      // deprecated mode on every tensor that requires a gradient
      try (NDArray src = manager.create(t.toFloats(), want)) {
        e.getValue().set(new ai.djl.ndarray.index.NDIndex("..."), src);
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
