package dev.fabrica.neural.gpt;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from one row of logits under {@link SamplingOptions}; plain Java, so the draw does not depend on the engine. */
final class NextToken {
  private NextToken() {}

  /**
   * @param logits (V), modified in place
   * @param counts how often each token was generated so far (V)
   */
  static int pick(float[] logits, int[] counts, SamplingOptions o, SplittableRandom random) {
    int v = logits.length;
    double[] l = new double[v];
    for (int i = 0; i < v; i++) {
      l[i] = logits[i];
      if (counts[i] > 0) {
        l[i] -= o.frequencyPenalty() * counts[i] + o.presencePenalty();
      }
    }
    if (o.temperature() == 0) {
      return argmax(l);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      l[i] /= o.temperature();
      max = Math.max(max, l[i]);
    }
    double kth = Double.NEGATIVE_INFINITY;
    if (o.topK() > 0 && o.topK() < v) {
      double[] sorted = l.clone();
      Arrays.sort(sorted);
      kth = sorted[v - o.topK()]; // ties with the k-th value stay in, as torch.topk's threshold does
    }
    double[] p = new double[v];
    double sum = 0;
    for (int i = 0; i < v; i++) {
      p[i] = l[i] < kth ? 0 : Math.exp(l[i] - max);
      sum += p[i];
    }
    if (o.topP() < 1) {
      sum = nucleus(p, sum, o.topP());
    }
    double u = random.nextDouble() * sum;
    int last = 0;
    for (int i = 0; i < v; i++) {
      if (p[i] > 0) {
        last = i;
        u -= p[i];
        if (u < 0) {
          return i;
        }
      }
    }
    return last; // rounding left u a hair above zero
  }

  /** Zeroes every token outside the smallest most-likely set holding {@code topP} of the mass; returns the new total. */
  private static double nucleus(double[] p, double sum, double topP) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a])); // stable: ties keep id order
    double kept = 0;
    int i = 0;
    while (i < order.length && kept < topP * sum) { // always keeps at least the most likely token
      kept += p[order[i]];
      i++;
    }
    for (; i < order.length; i++) {
      p[order[i]] = 0;
    }
    return kept;
  }

  private static int argmax(double[] l) {
    int best = 0;
    for (int i = 1; i < l.length; i++) {
      if (l[i] > l[best]) {
        best = i;
      }
    }
    return best;
  }
}
