package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import java.util.SplittableRandom;

/**
 * Starting parameters for Baum-Welch. Start probabilities are uniform; transitions are uniform for
 * k-means and random rows drawn from Dirichlet(1, ..., 1) for random init: spread enough to break
 * the symmetry between states quickly (near-uniform rows left EM crawling for hundreds of
 * iterations on categorical data). Emissions: random rows for categorical; for continuous
 * kinds, means from k-means centres or from random observations, and variances from the data.
 */
final class Initializer {
  private Initializer() {}

  static HmmModel initial(HmmSpec spec, Sequences data, HmmTrainer.Options options) {
    int n = spec.nStates();
    SplittableRandom rng = new SplittableRandom(options.seed());
    boolean categorical = spec.kind().equals("categorical");
    HmmTrainer.Init init = options.init();
    if (init == HmmTrainer.Init.KMEANS && categorical) {
      throw new BadInputException("init kmeans needs continuous (gaussian, gmm, poisson) emissions; use random");
    }
    boolean kmeans = init == HmmTrainer.Init.KMEANS || (init == HmmTrainer.Init.AUTO && !categorical);
    double[] start = new double[n];
    java.util.Arrays.fill(start, 1.0 / n);
    double[][] trans = new double[n][];
    for (int i = 0; i < n; i++) {
      trans[i] = kmeans ? uniform(n) : randomRow(n, rng);
    }
    Emission emission = categorical
        ? categorical(n, spec.nSymbols(), rng)
        : continuous(spec, data, kmeans, rng, options.minCovar());
    return new HmmModel(start, trans, emission);
  }

  private static double[] uniform(int n) {
    double[] p = new double[n];
    java.util.Arrays.fill(p, 1.0 / n);
    return p;
  }

  private static double[] randomRow(int n, SplittableRandom rng) {
    double[] p = new double[n];
    double sum = 0;
    for (int j = 0; j < n; j++) {
      p[j] = -Math.log(1 - rng.nextDouble()); // Exp(1) draws, normalised: a Dirichlet(1, ..., 1) row
      sum += p[j];
    }
    for (int j = 0; j < n; j++) {
      p[j] /= sum;
    }
    return p;
  }

  private static Emission categorical(int n, int k, SplittableRandom rng) {
    double[][] probs = new double[n][];
    for (int j = 0; j < n; j++) {
      probs[j] = randomRow(k, rng);
    }
    return new CategoricalEmission(probs);
  }

  private static Emission continuous(HmmSpec spec, Sequences data, boolean kmeans, SplittableRandom rng,
      double minCovar) {
    int n = spec.nStates();
    int d = data.dim();
    double[] points = KMeans.points(data);
    int m = points.length / d;
    int k = spec.kind().equals("gmm") ? n * spec.nMix() : n;
    double[][] centers;
    if (kmeans) {
      centers = KMeans.centers(points, d, k, rng.nextLong());
    } else {
      centers = new double[k][];
      for (int j = 0; j < k; j++) {
        centers[j] = KMeans.row(points, rng.nextInt(m), d);
      }
    }
    double[][] cov = KMeans.covariance(points, d);
    double[] var = new double[d];
    double meanVar = 0;
    for (int f = 0; f < d; f++) {
      cov[f][f] += minCovar;
      var[f] = cov[f][f];
      meanVar += var[f] / d;
    }
    switch (spec.kind()) {
      case "gaussian" -> {
        return switch (spec.covarianceType()) {
          case DIAG -> GaussianEmission.diag(centers, repeat(var, n));
          case SPHERICAL -> GaussianEmission.spherical(centers, filled(n, meanVar));
          case FULL -> GaussianEmission.full(centers, repeat(cov, n));
          case TIED -> GaussianEmission.tied(centers, cov);
        };
      }
      case "gmm" -> {
        int mix = spec.nMix();
        double[][][] means = new double[n][mix][];
        double[][][] vars = new double[n][mix][];
        for (int j = 0; j < k; j++) {
          // k-means centres sorted by nothing in particular: centre j goes to state j % n
          means[j % n][j / n] = centers[j];
          vars[j % n][j / n] = var.clone();
        }
        double[][] weights = new double[n][];
        for (int j = 0; j < n; j++) {
          weights[j] = filled(mix, 1.0 / mix);
        }
        return new GaussianMixtureEmission(weights, means, vars);
      }
      default -> {
        double[][] lambdas = new double[n][d];
        for (int j = 0; j < n; j++) {
          for (int f = 0; f < d; f++) {
            lambdas[j][f] = Math.max(centers[j][f], 1e-3);
          }
        }
        return new PoissonEmission(lambdas);
      }
    }
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static double[][] repeat(double[] v, int n) {
    double[][] a = new double[n][];
    for (int j = 0; j < n; j++) {
      a[j] = v.clone();
    }
    return a;
  }

  private static double[][][] repeat(double[][] m, int n) {
    double[][][] a = new double[n][][];
    for (int j = 0; j < n; j++) {
      a[j] = Checks.copy(m);
    }
    return a;
  }
}
