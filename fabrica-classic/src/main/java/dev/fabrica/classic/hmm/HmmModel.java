package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import java.util.List;

/**
 * A trained (or hand-made) hidden Markov model, immutable: start probabilities {@code π[i] = P(s_0 =
 * i)}, transitions {@code a[i][j] = P(s_{t+1} = j | s_t = i)} and per-state emissions {@code b_j(x) =
 * P(x | s_j)}. A state whose transition row is all zero must be unreachable (zero start
 * probability and zero column). Serializable (with its emission), so that an engine can ship it to
 * where an E-step runs.
 */
public final class HmmModel implements java.io.Serializable {
  private final int n;
  private final double[] startProb;
  private final double[] transmat; // flat N*N, row-major
  private final Emission emission;
  private final List<String> alphabet;
  private final HmmTrainer.Options options;
  private final List<Double> history;

  /**
   * @param startProb {@code [N]}; @param transmat {@code [N][N]}; both copied
   * @param emission the per-state emission distributions, with N states
   */
  public HmmModel(double[] startProb, double[][] transmat, Emission emission) {
    this(check(startProb, transmat, emission), flatten(transmat), emission, List.of(), null, List.of());
  }

  private HmmModel(double[] startProb, double[] transmat, Emission emission, List<String> alphabet,
      HmmTrainer.Options options, List<Double> history) {
    this.n = startProb.length;
    this.startProb = startProb;
    this.transmat = transmat;
    this.emission = emission;
    this.alphabet = List.copyOf(alphabet);
    this.options = options;
    this.history = List.copyOf(history);
  }

  private static double[] check(double[] startProb, double[][] transmat, Emission emission) {
    if (startProb == null || startProb.length == 0) {
      throw new BadInputException("an HMM needs at least 1 state, got 0");
    }
    int n = startProb.length;
    Checks.probabilities(startProb, "startProb", false);
    Checks.rows(transmat, n, "transmat");
    for (int i = 0; i < n; i++) {
      Checks.width(transmat[i], n, "transmat[" + i + "]");
      Checks.probabilities(transmat[i], "transmat[" + i + "]", true);
    }
    for (int i = 0; i < n; i++) {
      if (rowSum(transmat[i]) == 0) {
        boolean entered = startProb[i] > 0;
        for (int j = 0; j < n; j++) {
          entered |= transmat[j][i] > 0;
        }
        if (entered) {
          throw new BadInputException("transmat[" + i + "] is all zero but state " + i
              + " can be entered; give it a transition row that sums to 1");
        }
      }
    }
    if (emission == null || emission.nStates() != n) {
      throw new BadInputException("the emission has " + (emission == null ? 0 : emission.nStates())
          + " states but startProb has " + n);
    }
    return startProb.clone();
  }

  private static double rowSum(double[] row) {
    double s = 0;
    for (double v : row) {
      s += v;
    }
    return s;
  }

  private static double[] flatten(double[][] m) {
    int n = m.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, flat, i * n, n);
    }
    return flat;
  }

  /** The same parameters with a symbol alphabet (one string per symbol) recorded for text models. */
  public HmmModel withAlphabet(List<String> symbols) {
    return new HmmModel(startProb, transmat, emission, symbols, options, history);
  }

  /** The same parameters with how they were trained recorded. */
  HmmModel withProvenance(HmmTrainer.Options trainedWith, List<Double> logLikelihoods) {
    return new HmmModel(startProb, transmat, emission, alphabet, trainedWith, logLikelihoods);
  }

  public int nStates() {
    return n;
  }

  /** {@code [N]} start probabilities (a copy). */
  public double[] startProb() {
    return startProb.clone();
  }

  /** {@code [N][N]} transition matrix (a copy). */
  public double[][] transmat() {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(transmat, i * n, m[i], 0, n);
    }
    return m;
  }

  public Emission emission() {
    return emission;
  }

  /** One string per symbol for text models; empty otherwise. */
  public List<String> alphabet() {
    return alphabet;
  }

  /** The options this model was trained with, or null for a model given explicitly. */
  public HmmTrainer.Options options() {
    return options;
  }

  /** Total log-likelihood of the training data at each Baum-Welch iteration; empty if not fitted. */
  public List<Double> logLikelihoodHistory() {
    return history;
  }

  ForwardBackward workspace() {
    return new ForwardBackward(startProb, transmat);
  }

  /** Total log-likelihood {@code Σ log P(x)} of all sequences (forward algorithm), in nats. */
  public double score(Sequences sequences) {
    double total = 0;
    for (double s : scoreEach(sequences)) {
      total += s;
    }
    return total;
  }

  /** Log-likelihood of each sequence. */
  public double[] scoreEach(Sequences sequences) {
    emission.validate(sequences);
    ForwardBackward fb = workspace();
    double[] out = new double[sequences.size()];
    for (int i = 0; i < out.length; i++) {
      load(fb, sequences, i);
      out[i] = fb.run(sequences.length(i), false, null);
    }
    return out;
  }

  private void load(ForwardBackward fb, Sequences sequences, int i) {
    int length = sequences.length(i);
    fb.ensure(length);
    emission.logProb(sequences.raw(i), length, fb.logB);
  }

  /** State posteriors {@code γ[t][j] = P(s_t = j | x)} of sequence {@code i}, {@code [T][N]}. */
  public double[][] posteriors(Sequences sequences, int i) {
    emission.validate(sequences);
    ForwardBackward fb = workspace();
    load(fb, sequences, i);
    int length = sequences.length(i);
    double logL = fb.run(length, true, null);
    if (logL == Double.NEGATIVE_INFINITY) {
      throw new BadInputException("sequence " + i + " has probability zero under this model");
    }
    double[][] g = new double[length][n];
    for (int t = 0; t < length; t++) {
      System.arraycopy(fb.gamma, t * n, g[t], 0, n);
    }
    return g;
  }

  /** The most probable state path of one sequence and its joint log-probability {@code log P(x, s)}. */
  public record Path(int[] states, double logProb) {}

  /** Viterbi decoding of sequence {@code i}. */
  public Path decode(Sequences sequences, int i) {
    emission.validate(sequences);
    ForwardBackward fb = workspace();
    load(fb, sequences, i);
    int[] path = new int[sequences.length(i)];
    double logProb = fb.viterbi(path.length, path);
    return new Path(path, logProb);
  }

  /** Maximum a posteriori states of sequence {@code i}: {@code argmax_j γ[t][j]} at each step. */
  public int[] decodeMap(Sequences sequences, int i) {
    double[][] g = posteriors(sequences, i);
    int[] states = new int[g.length];
    for (int t = 0; t < g.length; t++) {
      for (int j = 1; j < n; j++) {
        if (g[t][j] > g[t][states[t]]) {
          states[t] = j;
        }
      }
    }
    return states;
  }

  /** Viterbi state paths of every sequence. */
  public int[][] predict(Sequences sequences) {
    int[][] out = new int[sequences.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = decode(sequences, i).states();
    }
    return out;
  }

  /** A sampled sequence: observations {@code [T][dim]} and the hidden states that emitted them. */
  public record Sample(double[][] observations, int[] states) {
    /** The observations as symbols, for categorical models. */
    public int[] symbols() {
      int[] s = new int[observations.length];
      for (int t = 0; t < s.length; t++) {
        s[t] = (int) observations[t][0];
      }
      return s;
    }
  }

  /**
   * Draws {@code nSteps} steps from the model.
   *
   * @param startState the first state, or null to draw it from {@code π}
   */
  public Sample sample(int nSteps, long seed, Integer startState) {
    return Sampler.sample(this, startProb, transmat, nSteps, seed, startState);
  }

  /** Free parameters: {@code (N-1) + N(N-1)} for π and a, plus the emission's. */
  public int parameterCount() {
    return (n - 1) + n * (n - 1) + emission.parameterCount();
  }

  /** Akaike information criterion {@code -2 log L + 2p}. */
  public double aic(Sequences sequences) {
    return -2 * score(sequences) + 2.0 * parameterCount();
  }

  /** Bayesian information criterion {@code -2 log L + p ln(total steps)}. */
  public double bic(Sequences sequences) {
    return -2 * score(sequences) + parameterCount() * Math.log(sequences.totalSteps());
  }

  /**
   * The stationary distribution {@code p = p A}, {@code Σ p = 1}: the left eigenvector of the
   * transition matrix for eigenvalue 1. Found by power iteration on the lazy chain {@code (A + I)/2},
   * which has the same stationary distribution but is aperiodic so the iteration converges; it
   * starts from uniform and stops when the L1 change is below 1e-13 (or after 100,000 steps). For
   * a reducible chain the result depends on that uniform start.
   */
  public double[] stationaryDistribution() {
    double[] p = new double[n];
    double[] next = new double[n];
    java.util.Arrays.fill(p, 1.0 / n);
    for (int iter = 0; iter < 100_000; iter++) {
      java.util.Arrays.fill(next, 0);
      for (int i = 0; i < n; i++) {
        next[i] += 0.5 * p[i];
        for (int j = 0; j < n; j++) {
          next[j] += 0.5 * p[i] * transmat[i * n + j];
        }
      }
      double sum = rowSum(next);
      double change = 0;
      for (int j = 0; j < n; j++) {
        next[j] /= sum;
        change += Math.abs(next[j] - p[j]);
      }
      double[] swap = p;
      p = next;
      next = swap;
      if (change < 1e-13) {
        break;
      }
    }
    return p;
  }
}
