package dev.fabrica.classic.hmm;

import java.io.Serializable;

/**
 * Baum-Welch's sufficient statistics of a set of sequences under one model: {@code Σ_seq γ_0(i)},
 * {@code Σ_seq Σ_t ξ_t(i,j)}, the emission's posterior-weighted sums and {@code Σ log P(x)} over the
 * sequences the model can produce. Statistics of disjoint sets of sequences {@link #merge merge} by
 * addition, so the E-step can run on any split of the data (threads, Spark partitions) and the
 * M-step sees the same counts up to the order of the additions. Serializable, to travel back from
 * where they were computed.
 */
public final class HmmStatistics implements Serializable {
  double logLikelihood;
  final double[] start;
  final double[] trans;
  final Emission.Accumulator emission;
  int used;
  int firstImpossible = -1;
  int impossible;

  private HmmStatistics(int n, Emission e) {
    start = new double[n];
    trans = new double[n * n];
    emission = e.newAccumulator();
  }

  /** Empty statistics, which any other statistics of {@code model} merge into. */
  public static HmmStatistics empty(HmmModel model) {
    return new HmmStatistics(model.nStates(), model.emission());
  }

  /**
   * The E-step over {@code block}, one sequence after another with fabrica's forward-backward. The
   * caller has validated the observations against the model's emission.
   *
   * @param firstIndex the index of the block's first sequence in the whole data, so a sequence the
   *     model cannot produce is reported by its place in the data
   */
  public static HmmStatistics of(HmmModel model, Sequences block, int firstIndex) {
    int n = model.nStates();
    Emission emission = model.emission();
    HmmStatistics s = new HmmStatistics(n, emission);
    ForwardBackward fb = model.workspace();
    for (int i = 0; i < block.size(); i++) {
      int length = block.length(i);
      fb.ensure(length);
      emission.logProb(block.raw(i), length, fb.logB);
      double logL = fb.run(length, true, s.trans);
      if (logL == Double.NEGATIVE_INFINITY) {
        if (s.firstImpossible < 0) {
          s.firstImpossible = firstIndex + i;
        }
        s.impossible++;
        continue;
      }
      s.logLikelihood += logL;
      s.used++;
      for (int j = 0; j < n; j++) {
        s.start[j] += fb.gamma[j];
      }
      s.emission.add(block.raw(i), length, fb.gamma);
    }
    return s;
  }

  /** Adds the statistics of other sequences under the same model into these. */
  public void merge(HmmStatistics o) {
    logLikelihood += o.logLikelihood;
    for (int i = 0; i < start.length; i++) {
      start[i] += o.start[i];
    }
    for (int i = 0; i < trans.length; i++) {
      trans[i] += o.trans[i];
    }
    emission.merge(o.emission);
    used += o.used;
    if (firstImpossible < 0) {
      firstImpossible = o.firstImpossible;
    }
    impossible += o.impossible;
  }

  /** {@code Σ log P(x)} over the sequences the model can produce, in nats. */
  public double logLikelihood() {
    return logLikelihood;
  }

  /** Sequences the model can produce (the others have probability zero and add nothing). */
  public int used() {
    return used;
  }

  /** Sequences of probability zero under the model. */
  public int impossible() {
    return impossible;
  }
}
