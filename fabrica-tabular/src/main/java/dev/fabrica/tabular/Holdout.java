package dev.fabrica.tabular;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded split of a table into training rows and held-out rows (for machine-learning efficacy
 * and the privacy baseline): a Fisher-Yates shuffle from {@code seed}, the first round(n × fraction)
 * held out, each part in the table's order. The same table, fraction and seed give the same split.
 */
public record Holdout(Table train, Table heldOut) {
  public static Holdout split(Table t, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("holdout fraction must be in [0, 1), got " + fraction);
    }
    int n = t.size();
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int x = idx[i];
      idx[i] = idx[j];
      idx[j] = x;
    }
    int h = (int) Math.round(n * fraction);
    int[] held = Arrays.copyOfRange(idx, 0, h);
    int[] train = Arrays.copyOfRange(idx, h, n);
    Arrays.sort(held);
    Arrays.sort(train);
    return new Holdout(t.select(train, t.source() + " (training rows)"), t.select(held, t.source() + " (held-out rows)"));
  }
}
