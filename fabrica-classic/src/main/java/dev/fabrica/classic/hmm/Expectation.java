package dev.fabrica.classic.hmm;

/**
 * Where Baum-Welch's expectation step runs over a fixed set of sequences: this JVM's threads
 * ({@link HmmTrainer#fit(Sequences, HmmModel)}), or an engine that keeps the sequences elsewhere
 * (Spark, in fabrica-spark). {@link HmmTrainer#fit(Expectation, HmmModel)} runs the same EM loop,
 * M-step and convergence test on either.
 */
public interface Expectation {
  /** The merged {@link HmmStatistics} of every sequence under {@code model}. */
  HmmStatistics expect(HmmModel model);

  /** {@code Σ log P(x)} of every sequence (forward algorithm), as {@link HmmModel#score}. */
  double score(HmmModel model);
}
