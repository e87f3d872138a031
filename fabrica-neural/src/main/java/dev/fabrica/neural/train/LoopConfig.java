package dev.fabrica.neural.train;

/**
 * How long to train and how often to look: {@code steps} optimisation steps, an evaluation (and a
 * checkpoint) every {@code evalEvery} steps and at the end, the best checkpoint chosen by the
 * smallest {@code bestMetric} of the evaluation (or the last one when that is null).
 */
public record LoopConfig(long steps, long evalEvery, String bestMetric, long seed) {
  public LoopConfig {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (evalEvery < 1) {
      throw new IllegalArgumentException("the evaluation interval must be at least 1 step, got " + evalEvery);
    }
  }

  /** Steps for {@code epochs} passes over {@code examples} in batches of {@code batch} (the last batch may be short). */
  public static long stepsFor(double epochs, long examples, int batch) {
    return Math.max(1, Math.round(epochs * Math.ceil((double) examples / batch)));
  }
}
