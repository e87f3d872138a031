package dev.fabrica.classic.hmm;

import dev.fabrica.core.Reporter;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracks the total log-likelihood per EM iteration: converged once an iteration improves it by
 * less than {@code tol} (absolute, in nats) or after {@code maxIter} iterations. EM never lowers
 * the likelihood, so a fall of more than 1e-9 relative is reported as a warning (it points at
 * numerical trouble or at pseudo-counts / minCovar, which make the M-step inexact).
 */
final class ConvergenceMonitor {
  private final double tol;
  private final int maxIter;
  private final Reporter reporter;
  private final List<Double> history = new ArrayList<>();

  ConvergenceMonitor(double tol, int maxIter, Reporter reporter) {
    this.tol = tol;
    this.maxIter = maxIter;
    this.reporter = reporter;
  }

  /** Records one iteration's log-likelihood; returns true when fitting should stop. */
  boolean report(double logLikelihood) {
    int iter = history.size();
    reporter.debug(String.format("hmm iteration %d: log-likelihood %.6f", iter + 1, logLikelihood));
    if (iter > 0) {
      double prev = history.get(iter - 1);
      if (logLikelihood < prev - 1e-9 * Math.abs(prev)) {
        reporter.warn(String.format("hmm log-likelihood fell at iteration %d: %.9g -> %.9g",
            iter + 1, prev, logLikelihood));
      }
    }
    history.add(logLikelihood);
    if (history.size() >= maxIter) {
      return true;
    }
    return iter > 0 && logLikelihood - history.get(iter - 1) < tol;
  }

  List<Double> history() {
    return List.copyOf(history);
  }
}
