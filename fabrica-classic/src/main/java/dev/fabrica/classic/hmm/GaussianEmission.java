package dev.fabrica.classic.hmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.util.SplittableRandom;

/**
 * Multivariate normal emissions {@code b_j(x) = N(x; μ_j, Σ_j)}, with {@code log b_j(x) = -½ (d log
 * 2π + log det Σ_j + (x-μ_j)ᵀ Σ_j⁻¹ (x-μ_j))}. Covariances are diag, full, spherical or tied (see
 * {@link CovarianceType}); all are kept as full matrices with their Cholesky factors, and the two
 * diagonal kinds use a cheaper per-feature path.
 */
public final class GaussianEmission implements Emission {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final CovarianceType type;
  private final int n;
  private final int d;
  private final double[][] means;
  private final double[][][] covs; // [N][d][d]; the same matrix for every state when tied
  private final double[][] chol; // [N][d*d]
  private final double[][] invVar; // [N][d] for diag and spherical
  private final double[] logNorm; // -½ (d log 2π + log det Σ_j)

  private GaussianEmission(CovarianceType type, double[][] means, double[][][] covs) {
    if (means == null || means.length == 0) {
      throw new BadInputException("gaussian emission needs at least 1 state, got 0");
    }
    this.type = type;
    this.n = means.length;
    this.d = means[0] == null ? 0 : means[0].length;
    Checks.positive(d, "number of features");
    this.means = Checks.copy(means);
    this.covs = covs;
    this.chol = new double[n][];
    this.invVar = new double[n][d];
    this.logNorm = new double[n];
    for (int j = 0; j < n; j++) {
      Checks.width(this.means[j], d, "means[" + j + "]");
      for (int f = 0; f < d; f++) {
        if (!Double.isFinite(this.means[j][f])) {
          throw new BadInputException("means[" + j + "][" + f + "] = " + this.means[j][f] + " is not finite");
        }
      }
      chol[j] = Cholesky.factor(covs[j]);
      if (chol[j] == null) {
        throw new BadInputException("the covariance of state " + j + " is not positive definite"
            + " (a variance is zero, negative or not finite); raise minCovar");
      }
      for (int f = 0; f < d; f++) {
        invVar[j][f] = 1 / covs[j][f][f];
      }
      logNorm[j] = -0.5 * (d * LOG_2PI + Cholesky.logDet(chol[j], d));
    }
  }

  /** Diagonal covariances: {@code vars[j][f]} is the variance of feature f in state j. */
  public static GaussianEmission diag(double[][] means, double[][] vars) {
    Checks.rows(vars, means.length, "covars");
    double[][][] covs = new double[means.length][][];
    for (int j = 0; j < means.length; j++) {
      Checks.width(vars[j], means[j].length, "covars[" + j + "]");
      covs[j] = diagonal(vars[j]);
    }
    return new GaussianEmission(CovarianceType.DIAG, means, covs);
  }

  /** One variance per state, shared by its features. */
  public static GaussianEmission spherical(double[][] means, double[] vars) {
    Checks.width(vars, means.length, "covars");
    double[][][] covs = new double[means.length][][];
    for (int j = 0; j < means.length; j++) {
      double[] v = new double[means[j].length];
      java.util.Arrays.fill(v, vars[j]);
      covs[j] = diagonal(v);
    }
    return new GaussianEmission(CovarianceType.SPHERICAL, means, covs);
  }

  /** A full covariance matrix per state, {@code covs[j]} is {@code [d][d]}, symmetric positive definite. */
  public static GaussianEmission full(double[][] means, double[][][] covs) {
    if (covs == null || covs.length != means.length) {
      throw new BadInputException("covars has " + (covs == null ? 0 : covs.length) + " matrices, expected " + means.length);
    }
    double[][][] c = new double[means.length][][];
    for (int j = 0; j < means.length; j++) {
      c[j] = square(covs[j], means[j].length, "covars[" + j + "]");
    }
    return new GaussianEmission(CovarianceType.FULL, means, c);
  }

  /** One covariance matrix {@code [d][d]} shared by all states. */
  public static GaussianEmission tied(double[][] means, double[][] cov) {
    double[][] c = square(cov, means[0].length, "covars");
    double[][][] covs = new double[means.length][][];
    java.util.Arrays.fill(covs, c);
    return new GaussianEmission(CovarianceType.TIED, means, covs);
  }

  private static double[][] diagonal(double[] v) {
    double[][] m = new double[v.length][v.length];
    for (int f = 0; f < v.length; f++) {
      m[f][f] = v[f];
    }
    return m;
  }

  private static double[][] square(double[][] m, int d, String name) {
    Checks.rows(m, d, name);
    for (int f = 0; f < d; f++) {
      Checks.width(m[f], d, name + "[" + f + "]");
      for (int g = 0; g < f; g++) {
        if (Math.abs(m[f][g] - m[g][f]) > 1e-9 * (Math.abs(m[f][g]) + Math.abs(m[g][f]) + 1e-300)) {
          throw new BadInputException(name + " is not symmetric at [" + f + "][" + g + "]");
        }
      }
    }
    return Checks.copy(m);
  }

  static GaussianEmission fromJson(JsonNode node) {
    CovarianceType type = CovarianceType.parse(node.path("covarianceType").asText(""));
    double[][] means = JsonArrays.matrix(node.get("means"), "emission.means");
    JsonNode c = node.get("covars");
    return switch (type) {
      case DIAG -> diag(means, JsonArrays.matrix(c, "emission.covars"));
      case SPHERICAL -> spherical(means, JsonArrays.vector(c, "emission.covars"));
      case FULL -> full(means, JsonArrays.cube(c, "emission.covars"));
      case TIED -> tied(means, JsonArrays.matrix(c, "emission.covars"));
    };
  }

  public CovarianceType covarianceType() {
    return type;
  }

  /** {@code [N][d]} means (a copy). */
  public double[][] means() {
    return Checks.copy(means);
  }

  /** {@code [N][d][d]} covariance matrices, full form whatever the type (a copy). */
  public double[][][] covariances() {
    double[][][] c = new double[n][][];
    for (int j = 0; j < n; j++) {
      c[j] = Checks.copy(covs[j]);
    }
    return c;
  }

  @Override
  public String kind() {
    return "gaussian";
  }

  @Override
  public int nStates() {
    return n;
  }

  @Override
  public int dim() {
    return d;
  }

  @Override
  public void validate(Sequences sequences) {
    Emission.requireDim(sequences, d);
  }

  @Override
  public void logProb(double[] obs, int length, double[] out) {
    boolean diagonal = type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL;
    double[] z = new double[d];
    for (int t = 0; t < length; t++) {
      int x = t * d;
      for (int j = 0; j < n; j++) {
        double s;
        if (diagonal) {
          s = 0;
          double[] mu = means[j];
          double[] iv = invVar[j];
          for (int f = 0; f < d; f++) {
            double diff = obs[x + f] - mu[f];
            s += diff * diff * iv[f];
          }
        } else {
          s = Cholesky.mahalanobis(chol[j], d, obs, x, means[j], z);
        }
        out[t * n + j] = logNorm[j] - 0.5 * s;
      }
    }
  }

  @Override
  public Accumulator newAccumulator() {
    return new GaussianStats(n, d, type == CovarianceType.FULL || type == CovarianceType.TIED);
  }

  @Override
  public Emission mStep(Accumulator statistics, double minCovar, double pseudoCount) {
    GaussianStats st = (GaussianStats) statistics;
    double[][] mu = new double[n][];
    double[][][] c = new double[n][][];
    for (int j = 0; j < n; j++) {
      mu[j] = st.weight[j] > 0 ? st.mean(j) : means[j].clone();
    }
    if (type == CovarianceType.TIED) {
      double[][] pooled = st.pooledCovariance(mu, minCovar, covs[0]);
      java.util.Arrays.fill(c, pooled);
    } else {
      for (int j = 0; j < n; j++) {
        c[j] = st.weight[j] > 0 ? st.covariance(j, mu[j], minCovar, type) : covs[j];
      }
    }
    return new GaussianEmission(type, mu, c);
  }

  @Override
  public void sample(int state, SplittableRandom rng, double[] out, int offset) {
    double[] z = new double[d];
    for (int f = 0; f < d; f++) {
      z[f] = rng.nextGaussian();
    }
    double[] l = chol[state];
    for (int f = 0; f < d; f++) {
      double v = means[state][f];
      for (int g = 0; g <= f; g++) {
        v += l[f * d + g] * z[g];
      }
      out[offset + f] = v;
    }
  }

  @Override
  public int parameterCount() {
    int cov = switch (type) {
      case DIAG -> n * d;
      case SPHERICAL -> n;
      case FULL -> n * d * (d + 1) / 2;
      case TIED -> d * (d + 1) / 2;
    };
    return n * d + cov;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("kind", kind());
    node.put("covarianceType", type.jsonName());
    node.set("means", JsonArrays.of(means));
    switch (type) {
      case DIAG -> {
        double[][] v = new double[n][d];
        for (int j = 0; j < n; j++) {
          for (int f = 0; f < d; f++) {
            v[j][f] = covs[j][f][f];
          }
        }
        node.set("covars", JsonArrays.of(v));
      }
      case SPHERICAL -> {
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
          v[j] = covs[j][0][0];
        }
        node.set("covars", JsonArrays.of(v));
      }
      case FULL -> node.set("covars", JsonArrays.of(covs));
      case TIED -> node.set("covars", JsonArrays.of(covs[0]));
    }
    return node;
  }
}
