package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Fits HMMs by Baum-Welch (EM) over many sequences, or by counting from labelled state paths.
 * Each iteration runs the E-step ({@link EStep} on this JVM's threads, or any {@link Expectation})
 * with the current model, records the log-likelihood, then sets {@code π[i] ∝ Σ_seq γ_0(i)},
 * {@code a[i][j] ∝ Σ_seq Σ_t ξ_t(i,j)} and the emission's maximum-likelihood parameters. A state
 * with no expected visits keeps its parameters, so a zero probability never turns into 0/0.
 */
public final class HmmTrainer {
  /** How the parameters are initialised when fitting from an {@link HmmSpec}. */
  public enum Init {
    /** k-means for gaussian, gmm and poisson emissions; random for categorical. */
    AUTO,
    /** Seeded random parameters (random observations as means for continuous emissions). */
    RANDOM,
    /** k-means++ then Lloyd on all observations; continuous emissions only. */
    KMEANS
  }

  /**
   * Baum-Welch hyperparameters.
   *
   * @param tol stop when an iteration improves the total log-likelihood by less than this (nats)
   * @param maxIter at most this many EM iterations
   * @param minCovar added to every variance after the M-step (hmmlearn's default 1e-3)
   * @param init how to initialise from a spec
   * @param seed seeds the random and k-means initialisation
   * @param threads E-step threads; 0 means all cores. Results do not depend on it
   * @param pseudoCount added to every start, transition and symbol count (0 = maximum likelihood)
   */
  public record Options(double tol, int maxIter, double minCovar, Init init, long seed, int threads,
      double pseudoCount) implements java.io.Serializable {
    public Options {
      if (Double.isNaN(tol) || tol == Double.POSITIVE_INFINITY) {
        throw new BadInputException("tol must be a number below +infinity (negative runs every iteration), got " + tol);
      }
      if (maxIter < 1) {
        throw new BadInputException("maxIter must be at least 1, got " + maxIter);
      }
      if (!(minCovar >= 0) || Double.isInfinite(minCovar)) {
        throw new BadInputException("minCovar must be a finite number >= 0, got " + minCovar);
      }
      if (init == null) {
        throw new BadInputException("init must be auto, random or kmeans, got null");
      }
      if (threads < 0) {
        throw new BadInputException("threads must be >= 0 (0 = all cores), got " + threads);
      }
      if (!(pseudoCount >= 0) || Double.isInfinite(pseudoCount)) {
        throw new BadInputException("pseudoCount must be a finite number >= 0, got " + pseudoCount);
      }
    }

    /** tol 1e-2, 100 iterations, minCovar 1e-3, AUTO init, seed 0, all cores, no pseudo-counts. */
    public static Options defaults() {
      return new Options(1e-2, 100, 1e-3, Init.AUTO, 0L, 0, 0.0);
    }

    public Options withTol(double v) {
      return new Options(v, maxIter, minCovar, init, seed, threads, pseudoCount);
    }

    public Options withMaxIter(int v) {
      return new Options(tol, v, minCovar, init, seed, threads, pseudoCount);
    }

    public Options withMinCovar(double v) {
      return new Options(tol, maxIter, v, init, seed, threads, pseudoCount);
    }

    public Options withInit(Init v) {
      return new Options(tol, maxIter, minCovar, v, seed, threads, pseudoCount);
    }

    public Options withSeed(long v) {
      return new Options(tol, maxIter, minCovar, init, v, threads, pseudoCount);
    }

    public Options withThreads(int v) {
      return new Options(tol, maxIter, minCovar, init, seed, v, pseudoCount);
    }

    public Options withPseudoCount(double v) {
      return new Options(tol, maxIter, minCovar, init, seed, threads, v);
    }
  }

  private final Options options;
  private final Reporter reporter;

  public HmmTrainer(Options options, Reporter reporter) {
    this.options = options;
    this.reporter = reporter;
  }

  /** A trainer that reports nothing. */
  public HmmTrainer(Options options) {
    this(options, Reporter.silent());
  }

  /** Baum-Welch from an initialisation chosen by {@code options.init()} and seeded by its seed. */
  public HmmModel fit(Sequences data, HmmSpec spec) {
    return fit(data, Initializer.initial(spec, data, options));
  }

  /**
   * Baum-Welch from {@code restarts} initialisations (seeds {@code seed, seed+1, ...}), each run for
   * at most {@code probe} iterations; the most likely then continues up to {@code maxIter} iterations
   * in all. EM converges to local optima (on letters, about half of random starts stall on a plateau),
   * so a few cheap probes make the result much less dependent on the seed.
   */
  public HmmModel fitBestOf(Sequences data, HmmSpec spec, int restarts, int probe) {
    try (LocalExpectation local = new LocalExpectation(data, options.threads())) {
      return fitBestOf(data, local, spec, restarts, probe);
    }
  }

  /**
   * {@link #fitBestOf(Sequences, HmmSpec, int, int)} with the E-step and the probes' scores computed
   * by {@code expectation} over the same sequences: {@code data} is read only to initialise and to
   * validate the observations.
   */
  public HmmModel fitBestOf(Sequences data, Expectation expectation, HmmSpec spec, int restarts, int probe) {
    if (restarts < 1) {
      throw new BadInputException("restarts must be at least 1, got " + restarts);
    }
    if (probe < 1) {
      throw new BadInputException("probe iterations must be at least 1, got " + probe);
    }
    int first = Math.min(probe, options.maxIter());
    HmmModel best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < restarts; r++) {
      Options o = options.withSeed(options.seed() + r).withMaxIter(first);
      HmmModel initial = Initializer.initial(spec, data, o);
      initial.emission().validate(data);
      HmmModel m = new HmmTrainer(o, reporter).fit(expectation, initial);
      double score = expectation.score(m);
      if (best == null || score > bestScore) {
        best = m;
        bestScore = score;
      }
    }
    int done = best.logLikelihoodHistory().size();
    if (done < first || options.maxIter() <= first) {
      return best; // the probe converged, or no iterations are left
    }
    HmmModel continued = new HmmTrainer(options.withMaxIter(options.maxIter() - first), reporter).fit(expectation, best);
    List<Double> history = new java.util.ArrayList<>(best.logLikelihoodHistory());
    history.addAll(continued.logLikelihoodHistory());
    return continued.withProvenance(options, history);
  }

  /** Baum-Welch starting from the given model's parameters. */
  public HmmModel fit(Sequences data, HmmModel initial) {
    initial.emission().validate(data);
    try (LocalExpectation local = new LocalExpectation(data, options.threads())) {
      return fit(local, initial);
    }
  }

  /**
   * Baum-Welch from the given model's parameters with the E-step run by {@code expectation}: the
   * same iterations, M-step and convergence test as on one machine, so the log-likelihood history
   * is the one-machine history up to the order in which the statistics were added. The caller has
   * validated the observations against the model's emission.
   */
  public HmmModel fit(Expectation expectation, HmmModel initial) {
    ConvergenceMonitor monitor = new ConvergenceMonitor(options.tol(), options.maxIter(), reporter);
    HmmModel model = initial;
    boolean stop = false;
    while (!stop) {
      HmmStatistics totals = expectation.expect(model);
      if (totals.used == 0) {
        throw new BadInputException("every sequence has probability zero under the current model "
            + "(first: sequence " + totals.firstImpossible + ")");
      }
      if (totals.impossible > 0) {
        reporter.warn(totals.impossible + " sequence(s) have probability zero under the current model "
            + "and were skipped (first: sequence " + totals.firstImpossible + ")");
      }
      stop = monitor.report(totals.logLikelihood);
      model = maximise(model, totals);
    }
    return model.withProvenance(options, monitor.history());
  }

  /** The E-step on this JVM: {@link EStep} on a pool of {@code threads} (0 = all cores). */
  private static final class LocalExpectation implements Expectation, AutoCloseable {
    private final Sequences data;
    private final ForkJoinPool pool;

    LocalExpectation(Sequences data, int threads) {
      this.data = data;
      int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
      this.pool = t > 1 && data.size() > 1 ? new ForkJoinPool(t) : null;
    }

    @Override
    public HmmStatistics expect(HmmModel model) {
      return EStep.run(model, data, pool);
    }

    @Override
    public double score(HmmModel model) {
      return model.score(data);
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdown();
      }
    }
  }

  private HmmModel maximise(HmmModel model, HmmStatistics totals) {
    int n = model.nStates();
    double c = options.pseudoCount();
    double[] start = normalised(totals.start, 0, n, c, model.startProb());
    double[][] old = model.transmat();
    double[][] trans = new double[n][];
    for (int i = 0; i < n; i++) {
      trans[i] = normalised(totals.trans, i * n, n, c, old[i]);
    }
    Emission emission = model.emission().mStep(totals.emission, options.minCovar(), c);
    return new HmmModel(start, trans, emission).withAlphabet(model.alphabet());
  }

  /** {@code (counts + c) / Σ (counts + c)}, or {@code fallback} when that sum is zero. */
  static double[] normalised(double[] counts, int from, int n, double c, double[] fallback) {
    double total = 0;
    for (int j = 0; j < n; j++) {
      total += counts[from + j] + c;
    }
    if (!(total > 0)) {
      return fallback.clone();
    }
    double[] p = new double[n];
    for (int j = 0; j < n; j++) {
      p[j] = (counts[from + j] + c) / total;
    }
    return p;
  }

  /**
   * Maximum-likelihood parameters from labelled state paths: counts of first states, transitions
   * and per-state emissions, each plus {@code options.pseudoCount()}. A state never left gets a
   * uniform transition row. Gaussian-mixture emissions, whose components are hidden even given
   * the states, are fitted by EM per state from the seeded initialisation.
   *
   * @param states one state path per sequence, each as long as its sequence, values in 0..N-1
   */
  public HmmModel fitSupervised(Sequences data, List<int[]> states, HmmSpec spec) {
    int n = spec.nStates();
    if (states == null || states.size() != data.size()) {
      throw new BadInputException("got " + (states == null ? 0 : states.size()) + " state paths for "
          + data.size() + " sequences");
    }
    HmmModel template = Initializer.initial(spec, data, options.withInit(Init.RANDOM));
    template.emission().validate(data);
    double[] start = new double[n];
    double[] trans = new double[n * n];
    double[][] gammas = new double[data.size()][];
    for (int s = 0; s < data.size(); s++) {
      int[] path = states.get(s);
      if (path == null || path.length != data.length(s)) {
        throw new BadInputException("state path " + s + " has " + (path == null ? 0 : path.length)
            + " steps but sequence " + s + " has " + data.length(s));
      }
      gammas[s] = new double[path.length * n];
      for (int t = 0; t < path.length; t++) {
        if (path[t] < 0 || path[t] >= n) {
          throw new BadInputException("state path " + s + ", step " + t + ": state " + path[t]
              + " is outside 0.." + (n - 1));
        }
        gammas[s][t * n + path[t]] = 1;
        if (t > 0) {
          trans[path[t - 1] * n + path[t]]++;
        }
      }
      start[path[0]]++;
    }
    double c = options.pseudoCount();
    double[] uniform = new double[n];
    java.util.Arrays.fill(uniform, 1.0 / n);
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = normalised(trans, i * n, n, c, uniform);
    }
    Emission emission = template.emission();
    int rounds = emission instanceof GaussianMixtureEmission ? 100 : 1;
    for (int r = 0; r < rounds; r++) {
      Emission.Accumulator acc = emission.newAccumulator();
      for (int s = 0; s < data.size(); s++) {
        acc.add(data.raw(s), data.length(s), gammas[s]);
      }
      emission = emission.mStep(acc, options.minCovar(), c);
    }
    return new HmmModel(normalised(start, 0, n, c, uniform), a, emission).withProvenance(options, List.of());
  }
}
