package dev.fabrica.neural.nn;

import ai.djl.ndarray.NDArray;

/**
 * Batch normalisation over the channel axis 1 with PyTorch's defaults (momentum 0.1: running =
 * 0.9·running + 0.1·batch; eps 1e-5); in training mode the running statistics update in place.
 */
public record BatchNorm(NDArray weight, NDArray bias, NDArray runningMean, NDArray runningVar) {
  /** weight ones, bias zeros, as PyTorch. */
  public static BatchNorm create(Params p, String name, int channels) {
    return new BatchNorm(
        p.constant(name + ".weight", 1, channels),
        p.constant(name + ".bias", 0, channels),
        p.buffer(name + ".running_mean", 0, channels),
        p.buffer(name + ".running_var", 1, channels));
  }

  /** The DCGAN initialisation: weight N(1, 0.02²), bias 0. */
  public static BatchNorm dcgan(Params p, String name, int channels) {
    return new BatchNorm(
        p.normal(name + ".weight", 1, 0.02, channels),
        p.constant(name + ".bias", 0, channels),
        p.buffer(name + ".running_mean", 0, channels),
        p.buffer(name + ".running_var", 1, channels));
  }

  /** (B, C, ...) → same shape. */
  public NDArray forward(NDArray x, boolean training) {
    // DJL passes 1 - momentum to torch, and axis -1 means "torch's own layout, channel at 1"
    return ai.djl.nn.norm.BatchNorm.batchNorm(x, runningMean, runningVar, weight, bias, -1, 0.9f, 1e-5f, training)
        .singletonOrThrow();
  }
}
