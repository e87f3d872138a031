package dev.fabrica.classic.hmm;

import dev.fabrica.classic.LogMath;

/**
 * Forward-backward on one sequence at a time, reusing flat buffers (one workspace per thread).
 *
 * <p>The fast path is Rabiner's scaled recursion: emissions are shifted per step by their maximum,
 * {@code b'_t(j) = exp(log b_j(x_t) - m_t)}, then {@code α̂_t(j) = (Σ_i α̂_{t-1}(i) a[i][j]) b'_t(j) /
 * c_t} with {@code c_t} making {@code α̂_t} sum to 1, so {@code log P(x) = Σ_t (log c_t + m_t)},
 * {@code γ_t(i) = α̂_t(i) β̂_t(i)} and {@code ξ_t(i,j) = α̂_t(i) a[i][j] b'_{t+1}(j) β̂_{t+1}(j) /
 * c_{t+1}}. If a scale underflows to zero or a β̂ overflows, the sequence is redone in log space.
 */
final class ForwardBackward {
  private final int n;
  private final double[] pi;
  private final double[] a;
  private final double[] logPi;
  private final double[] logA;
  /** {@code logB[t*N + j] = log b_j(x_t)}; the caller fills it before {@link #run}. */
  double[] logB = new double[0];
  /** {@code gamma[t*N + j] = P(s_t = j | x)} after {@link #run} with posteriors. */
  double[] gamma = new double[0];
  private double[] b = new double[0];
  private double[] alpha = new double[0];
  private double[] beta = new double[0];
  private double[] scale = new double[0];
  private final double[] tmp;
  private final double[] col;

  /** @param pi start probabilities {@code [N]}; @param a transitions flat {@code [N*N]}, row-major */
  ForwardBackward(double[] pi, double[] a) {
    this.n = pi.length;
    this.pi = pi;
    this.a = a;
    this.logPi = new double[n];
    this.logA = new double[n * n];
    for (int i = 0; i < n; i++) {
      logPi[i] = LogMath.safeLog(pi[i]);
    }
    for (int i = 0; i < n * n; i++) {
      logA[i] = LogMath.safeLog(a[i]);
    }
    this.tmp = new double[n];
    this.col = new double[n];
  }

  /** Grows the buffers to hold {@code length} steps. */
  void ensure(int length) {
    int size = length * n;
    if (logB.length < size) {
      logB = new double[size];
      gamma = new double[size];
      b = new double[size];
      alpha = new double[size];
      beta = new double[size];
      scale = new double[length];
    }
  }

  /**
   * Log-likelihood of the sequence whose log emissions are in {@link #logB}; with {@code
   * posteriors}, also fills {@link #gamma} and adds expected transition counts to {@code xi} (if
   * not null). Returns {@code -inf} for an impossible sequence, leaving gamma and xi untouched.
   */
  double run(int length, boolean posteriors, double[] xi) {
    double logL = scaledForward(length);
    if (logL == Double.NEGATIVE_INFINITY) {
      return logL;
    }
    if (Double.isNaN(logL)) { // a scale underflowed: redo exactly in log space
      return logSpace(length, posteriors, xi);
    }
    if (!posteriors) {
      return logL;
    }
    if (!scaledBackward(length)) {
      return logSpace(length, posteriors, xi);
    }
    for (int i = 0, size = length * n; i < size; i++) {
      gamma[i] = alpha[i] * beta[i];
    }
    if (xi != null) {
      for (int t = 0; t < length - 1; t++) {
        int next = (t + 1) * n;
        double inv = 1 / scale[t + 1];
        for (int j = 0; j < n; j++) {
          tmp[j] = b[next + j] * beta[next + j] * inv;
        }
        for (int i = 0; i < n; i++) {
          double ai = alpha[t * n + i];
          if (ai == 0) {
            continue;
          }
          int row = i * n;
          for (int j = 0; j < n; j++) {
            xi[row + j] += ai * a[row + j] * tmp[j];
          }
        }
      }
    }
    return logL;
  }

  /** Returns log P(x), -inf if impossible, or NaN if scaling failed. */
  private double scaledForward(int length) {
    double logL = 0;
    for (int t = 0; t < length; t++) {
      int base = t * n;
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        m = Math.max(m, logB[base + j]);
      }
      if (m == Double.NEGATIVE_INFINITY) {
        return m; // no state can emit x_t
      }
      for (int j = 0; j < n; j++) {
        b[base + j] = Math.exp(logB[base + j] - m);
      }
      logL += m;
    }
    double c = 0;
    for (int j = 0; j < n; j++) {
      alpha[j] = pi[j] * b[j];
      c += alpha[j];
    }
    for (int t = 0; ; t++) {
      int base = t * n;
      if (!(c > 0) || !Double.isFinite(c)) {
        return Double.NaN;
      }
      scale[t] = c;
      logL += Math.log(c);
      double inv = 1 / c;
      for (int j = 0; j < n; j++) {
        alpha[base + j] *= inv;
      }
      if (t == length - 1) {
        return logL;
      }
      int next = base + n;
      java.util.Arrays.fill(alpha, next, next + n, 0);
      for (int i = 0; i < n; i++) {
        double ai = alpha[base + i];
        if (ai == 0) {
          continue;
        }
        int row = i * n;
        for (int j = 0; j < n; j++) {
          alpha[next + j] += ai * a[row + j];
        }
      }
      c = 0;
      for (int j = 0; j < n; j++) {
        alpha[next + j] *= b[next + j];
        c += alpha[next + j];
      }
    }
  }

  private boolean scaledBackward(int length) {
    int last = (length - 1) * n;
    java.util.Arrays.fill(beta, last, last + n, 1);
    for (int t = length - 2; t >= 0; t--) {
      int next = (t + 1) * n;
      double inv = 1 / scale[t + 1];
      for (int j = 0; j < n; j++) {
        tmp[j] = b[next + j] * beta[next + j] * inv;
      }
      for (int i = 0; i < n; i++) {
        int row = i * n;
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += a[row + j] * tmp[j];
        }
        if (!Double.isFinite(s)) {
          return false;
        }
        beta[t * n + i] = s;
      }
    }
    return true;
  }

  /** The same outputs computed with logSumExp throughout: slower, never underflows. */
  private double logSpace(int length, boolean posteriors, double[] xi) {
    double[] la = alpha;
    double[] lb = beta;
    for (int j = 0; j < n; j++) {
      la[j] = logPi[j] + logB[j];
    }
    for (int t = 1; t < length; t++) {
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          col[i] = la[(t - 1) * n + i] + logA[i * n + j];
        }
        la[t * n + j] = LogMath.logSumExp(col, 0, n) + logB[t * n + j];
      }
    }
    double logL = LogMath.logSumExp(la, (length - 1) * n, length * n);
    if (!posteriors || logL == Double.NEGATIVE_INFINITY) {
      return logL;
    }
    java.util.Arrays.fill(lb, (length - 1) * n, length * n, 0);
    for (int t = length - 2; t >= 0; t--) {
      int next = (t + 1) * n;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          col[j] = logA[i * n + j] + logB[next + j] + lb[next + j];
        }
        lb[t * n + i] = LogMath.logSumExp(col, 0, n);
      }
    }
    for (int i = 0, size = length * n; i < size; i++) {
      gamma[i] = Math.exp(la[i] + lb[i] - logL);
    }
    if (xi != null) {
      for (int t = 0; t < length - 1; t++) {
        int next = (t + 1) * n;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            xi[i * n + j] += Math.exp(la[t * n + i] + logA[i * n + j] + logB[next + j] + lb[next + j] - logL);
          }
        }
      }
    }
    return logL;
  }

  /**
   * Viterbi: the most probable state path for the emissions in {@link #logB}, by {@code δ_t(j) =
   * max_i (δ_{t-1}(i) + log a[i][j]) + log b_j(x_t)}. Fills {@code path}, returns its log-probability.
   */
  double viterbi(int length, int[] path) {
    double[] delta = alpha;
    int[] back = new int[length * n];
    for (int j = 0; j < n; j++) {
      delta[j] = logPi[j] + logB[j];
    }
    for (int t = 1; t < length; t++) {
      for (int j = 0; j < n; j++) {
        double best = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int i = 0; i < n; i++) {
          double v = delta[(t - 1) * n + i] + logA[i * n + j];
          if (v > best) {
            best = v;
            arg = i;
          }
        }
        delta[t * n + j] = best + logB[t * n + j];
        back[t * n + j] = arg;
      }
    }
    int last = (length - 1) * n;
    int arg = 0;
    for (int j = 1; j < n; j++) {
      if (delta[last + j] > delta[last + arg]) {
        arg = j;
      }
    }
    double logProb = delta[last + arg];
    for (int t = length - 1; t >= 0; t--) {
      path[t] = arg;
      arg = back[t * n + arg];
    }
    return logProb;
  }
}
