package dev.fabrica.classic.hmm;

import dev.fabrica.classic.LogMath;

/** Enumerates all N^T state paths of a short sequence: the reference the recursions must match. */
final class BruteForce {
  private BruteForce() {}

  /** log P(x, s) for the path s. */
  static double joint(HmmModel model, Sequences seq, int[] path) {
    int n = model.nStates();
    int length = path.length;
    double[] logB = new double[length * n];
    model.emission().logProb(seq.raw(0), length, logB);
    double[] pi = model.startProb();
    double[][] a = model.transmat();
    double lp = LogMath.safeLog(pi[path[0]]) + logB[path[0]];
    for (int t = 1; t < length; t++) {
      lp += LogMath.safeLog(a[path[t - 1]][path[t]]) + logB[t * n + path[t]];
    }
    return lp;
  }

  /** All paths, as {@code [N^T][T]}. */
  static int[][] paths(int n, int length) {
    int count = (int) Math.pow(n, length);
    int[][] out = new int[count][length];
    for (int c = 0; c < count; c++) {
      int r = c;
      for (int t = length - 1; t >= 0; t--) {
        out[c][t] = r % n;
        r /= n;
      }
    }
    return out;
  }

  /** log Σ_s P(x, s). */
  static double logLikelihood(HmmModel model, Sequences seq) {
    int[][] paths = paths(model.nStates(), seq.length(0));
    double[] joint = new double[paths.length];
    for (int c = 0; c < paths.length; c++) {
      joint[c] = joint(model, seq, paths[c]);
    }
    return LogMath.logSumExp(joint);
  }

  /** The path maximising P(x, s). */
  static int[] bestPath(HmmModel model, Sequences seq) {
    int[][] paths = paths(model.nStates(), seq.length(0));
    int best = 0;
    double bestLp = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < paths.length; c++) {
      double lp = joint(model, seq, paths[c]);
      if (lp > bestLp) {
        bestLp = lp;
        best = c;
      }
    }
    return paths[best];
  }
}
