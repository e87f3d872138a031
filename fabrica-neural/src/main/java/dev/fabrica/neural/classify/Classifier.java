package dev.fabrica.neural.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import dev.fabrica.neural.nn.Conv;
import dev.fabrica.neural.nn.Linear;
import dev.fabrica.neural.nn.Params;

/**
 * A CNN for 28×28 grayscale images in [0, 1]: conv 3×3 (32) ReLU maxpool → conv 3×3 (64) ReLU
 * maxpool → fc 3136 → {@link #FEATURES} ReLU (the features the metrics use) → fc → class logits.
 */
public final class Classifier implements AutoCloseable {
  /** Width of the penultimate layer. */
  public static final int FEATURES = 128;
  private final Params params;
  private final int classes;
  private final Conv conv1;
  private final Conv conv2;
  private final Linear fc1;
  private final Linear fc2;

  public Classifier(int classes, long seed, NDManager manager) {
    this.classes = classes;
    this.params = new Params(manager, seed);
    conv1 = Conv.create(params, "conv1", 1, 32, 3, 1, 1, false, true);
    conv2 = Conv.create(params, "conv2", 32, 64, 3, 1, 1, false, true);
    fc1 = Linear.create(params, "fc1", 64 * 7 * 7, FEATURES);
    fc2 = Linear.create(params, "fc2", FEATURES, classes);
  }

  public Params params() {
    return params;
  }

  public int classes() {
    return classes;
  }

  /** x (B, 784) → (features (B, 128), logits (B, classes)). */
  public NDList forward(NDArray x) {
    long b = x.getShape().get(0);
    NDArray h = x.reshape(b, 1, 28, 28);
    h = pool(Activation.relu(conv1.forward(h))); // (B, 32, 14, 14)
    h = pool(Activation.relu(conv2.forward(h))); // (B, 64, 7, 7)
    NDArray features = Activation.relu(fc1.forward(h.reshape(b, 64 * 7 * 7))); // (B, 128)
    return new NDList(features, fc2.forward(features));
  }

  private static NDArray pool(NDArray x) {
    return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  /** Features and class probabilities of many images ((n·784) in [0, 1]), in batches. */
  public Outputs apply(float[] images, int n, NDManager scope) {
    double[][] features = new double[n][];
    double[][] probs = new double[n][];
    int batch = 500;
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      try (NDManager s = scope.newSubManager()) {
        float[] part = java.util.Arrays.copyOfRange(images, from * 784, to * 784);
        NDList out = forward(s.create(part, new Shape(to - from, 784)));
        float[] f = out.get(0).toFloatArray();
        float[] p = out.get(1).softmax(1).toFloatArray();
        for (int i = from; i < to; i++) {
          features[i] = toDouble(f, (i - from) * FEATURES, FEATURES);
          probs[i] = toDouble(p, (i - from) * classes, classes);
        }
      }
    }
    return new Outputs(features, probs);
  }

  /** Penultimate features (n, 128) and class probabilities (n, classes). */
  public record Outputs(double[][] features, double[][] probs) {
    /** The most probable class of each image. */
    public int[] predictions() {
      int[] out = new int[probs.length];
      for (int i = 0; i < probs.length; i++) {
        int best = 0;
        for (int k = 1; k < probs[i].length; k++) {
          if (probs[i][k] > probs[i][best]) {
            best = k;
          }
        }
        out[i] = best;
      }
      return out;
    }
  }

  private static double[] toDouble(float[] a, int off, int len) {
    double[] d = new double[len];
    for (int i = 0; i < len; i++) {
      d[i] = a[off + i];
    }
    return d;
  }

  @Override
  public void close() {
    params.close();
  }
}
