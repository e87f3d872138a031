package dev.fabrica.neural.train;

import java.util.SplittableRandom;

/**
 * Mini-batches of example indexes, reshuffled every epoch: step s reads batch s mod (steps per
 * epoch) of the permutation of epoch s / (steps per epoch), drawn from (seed, epoch). A function of
 * the step, so resuming needs no saved iterator.
 */
public final class Batches {
  private final int examples;
  private final int batch;
  private final long seed;
  private final int perEpoch;
  private long cachedEpoch = -1;
  private int[] order;

  public Batches(int examples, int batch, long seed) {
    if (examples < 1 || batch < 1) {
      throw new IllegalArgumentException("need at least one example and a batch of at least 1");
    }
    this.examples = examples;
    this.batch = batch;
    this.seed = seed;
    this.perEpoch = (examples + batch - 1) / batch;
  }

  public int stepsPerEpoch() {
    return perEpoch;
  }

  /** The example indexes of step {@code step}'s batch (the epoch's last batch may be shorter). */
  public int[] at(long step) {
    long epoch = step / perEpoch;
    if (epoch != cachedEpoch) {
      order = permutation(epoch);
      cachedEpoch = epoch;
    }
    int from = (int) (step % perEpoch) * batch;
    int to = Math.min(examples, from + batch);
    return java.util.Arrays.copyOfRange(order, from, to);
  }

  private int[] permutation(long epoch) {
    int[] p = new int[examples];
    for (int i = 0; i < examples; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = examples - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
