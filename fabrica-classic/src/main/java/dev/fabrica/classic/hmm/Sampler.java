package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import java.util.SplittableRandom;

/** Ancestral sampling: {@code s_0 ~ π}, {@code s_t ~ a[s_{t-1}]}, {@code x_t ~ b_{s_t}}, from one seeded generator. */
final class Sampler {
  private Sampler() {}

  static HmmModel.Sample sample(HmmModel model, double[] startProb, double[] transmat, int nSteps, long seed,
      Integer startState) {
    int n = startProb.length;
    Emission emission = model.emission();
    if (nSteps < 1) {
      throw new BadInputException("nSteps must be at least 1, got " + nSteps);
    }
    if (startState != null && (startState < 0 || startState >= n)) {
      throw new BadInputException("startState " + startState + " is outside 0.." + (n - 1));
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int dim = emission.dim();
    double[][] obs = new double[nSteps][dim];
    int[] states = new int[nSteps];
    int s = startState != null ? startState : draw(startProb, 0, n, rng);
    for (int t = 0; t < nSteps; t++) {
      if (t > 0) {
        if (rowSum(transmat, states[t - 1] * n, n) == 0) {
          throw new BadInputException("state " + states[t - 1] + " has no outgoing transitions; cannot sample past it");
        }
        s = draw(transmat, states[t - 1] * n, n, rng);
      }
      states[t] = s;
      emission.sample(s, rng, obs[t], 0);
    }
    return new HmmModel.Sample(obs, states);
  }

  private static double rowSum(double[] p, int offset, int n) {
    double s = 0;
    for (int j = 0; j < n; j++) {
      s += p[offset + j];
    }
    return s;
  }

  private static int draw(double[] p, int offset, int n, SplittableRandom rng) {
    double u = rng.nextDouble();
    int last = 0;
    for (int j = 0; j < n; j++) {
      if (p[offset + j] > 0) {
        last = j;
        u -= p[offset + j];
        if (u < 0) {
          break;
        }
      }
    }
    return last;
  }
}
