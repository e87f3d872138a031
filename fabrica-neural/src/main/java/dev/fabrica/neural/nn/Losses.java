package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;

/** Numerically stable losses written with NDArray operations. */
public final class Losses {
  private Losses() {}

  /**
   * Binary cross-entropy between targets t ∈ [0, 1] and Bernoulli logits l, elementwise:
   * max(l, 0) − t·l + log(1 + e^{−|l|}), which never overflows.
   */
  public static NDArray bceWithLogits(NDArray logits, NDArray targets) {
    NDArray softplusNegAbs = Scalars.add(logits.abs().neg().exp(), 1).log();
    return Scalars.maximum(logits, 0).sub(logits.mul(targets)).add(softplusNegAbs);
  }

  /** log(1 + e^x), stably: max(x, 0) + log(1 + e^{−|x|}). */
  public static NDArray softplus(NDArray x) {
    return Scalars.maximum(x, 0).add(Scalars.add(x.abs().neg().exp(), 1).log());
  }

  /** Mean cross-entropy of class logits (B, K) against integer labels (B). */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    NDArray logp = logits.logSoftmax(1);
    return logp.mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1}).neg().mean();
  }
}
