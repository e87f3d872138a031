package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;

/** A fully connected layer y = x Wᵀ + b, weight (out, in), initialised like PyTorch's nn.Linear. */
public record Linear(NDArray weight, NDArray bias) {
  /** Registers {@code name.weight} and {@code name.bias} with U(-1/√in, 1/√in) values. */
  public static Linear create(Params p, String name, int in, int out) {
    double bound = 1 / Math.sqrt(in);
    return new Linear(p.uniform(name + ".weight", bound, out, in), p.uniform(name + ".bias", bound, out));
  }

  /** (B, in) → (B, out). */
  public NDArray forward(NDArray x) {
    return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
  }
}
