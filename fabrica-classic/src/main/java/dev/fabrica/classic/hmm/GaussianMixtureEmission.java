package dev.fabrica.classic.hmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.classic.LogMath;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.util.SplittableRandom;

/**
 * GMM-HMM emissions: {@code b_j(x) = Σ_m w[j][m] N(x; μ_jm, diag(σ²_jm))}, M diagonal components per
 * state. The M-step splits each posterior {@code γ_t(j)} over the components by their
 * responsibilities {@code r_t(j,m) ∝ w[j][m] N(x_t; μ_jm, σ²_jm)} under the current parameters.
 */
public final class GaussianMixtureEmission implements Emission {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final int n;
  private final int mix;
  private final int d;
  private final double[][] weights;
  private final double[][][] means;
  private final double[][][] vars;
  private final double[] logW; // [N*M]
  private final double[] logNorm; // [N*M]

  /**
   * @param weights {@code [N][M]}, rows summing to 1
   * @param means {@code [N][M][d]}
   * @param vars {@code [N][M][d]} variances, all positive
   */
  public GaussianMixtureEmission(double[][] weights, double[][][] means, double[][][] vars) {
    if (weights == null || weights.length == 0) {
      throw new BadInputException("gmm emission needs at least 1 state, got 0");
    }
    this.n = weights.length;
    this.mix = weights[0].length;
    Checks.positive(mix, "number of mixture components");
    this.weights = Checks.copy(weights);
    if (means == null || means.length != n || vars == null || vars.length != n) {
      throw new BadInputException("gmm means and covars need one entry per state (" + n + ")");
    }
    this.d = means[0][0].length;
    this.means = new double[n][][];
    this.vars = new double[n][][];
    this.logW = new double[n * mix];
    this.logNorm = new double[n * mix];
    for (int j = 0; j < n; j++) {
      Checks.width(this.weights[j], mix, "weights[" + j + "]");
      Checks.probabilities(this.weights[j], "weights[" + j + "]", false);
      Checks.rows(means[j], mix, "means[" + j + "]");
      Checks.rows(vars[j], mix, "covars[" + j + "]");
      this.means[j] = Checks.copy(means[j]);
      this.vars[j] = Checks.copy(vars[j]);
      for (int m = 0; m < mix; m++) {
        Checks.width(this.means[j][m], d, "means[" + j + "][" + m + "]");
        Checks.width(this.vars[j][m], d, "covars[" + j + "][" + m + "]");
        double logDet = 0;
        for (int f = 0; f < d; f++) {
          double v = this.vars[j][m][f];
          if (!(v > 0) || !Double.isFinite(v) || !Double.isFinite(this.means[j][m][f])) {
            throw new BadInputException("gmm state " + j + ", component " + m + ", feature " + f
                + ": mean " + this.means[j][m][f] + ", variance " + v + "; variances must be positive");
          }
          logDet += Math.log(v);
        }
        logW[j * mix + m] = LogMath.safeLog(this.weights[j][m]);
        logNorm[j * mix + m] = -0.5 * (d * LOG_2PI + logDet);
      }
    }
  }

  static GaussianMixtureEmission fromJson(JsonNode node) {
    return new GaussianMixtureEmission(JsonArrays.matrix(node.get("weights"), "emission.weights"),
        JsonArrays.cube(node.get("means"), "emission.means"), JsonArrays.cube(node.get("covars"), "emission.covars"));
  }

  @Override
  public String kind() {
    return "gmm";
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

  /** {@code comp[m] = log w[j][m] + log N(x; μ_jm, σ²_jm)}. */
  private void components(double[] obs, int x, int j, double[] comp) {
    for (int m = 0; m < mix; m++) {
      double s = 0;
      double[] mu = means[j][m];
      double[] v = vars[j][m];
      for (int f = 0; f < d; f++) {
        double diff = obs[x + f] - mu[f];
        s += diff * diff / v[f];
      }
      comp[m] = logW[j * mix + m] + logNorm[j * mix + m] - 0.5 * s;
    }
  }

  @Override
  public void logProb(double[] obs, int length, double[] out) {
    double[] comp = new double[mix];
    for (int t = 0; t < length; t++) {
      for (int j = 0; j < n; j++) {
        components(obs, t * d, j, comp);
        out[t * n + j] = LogMath.logSumExp(comp, 0, mix);
      }
    }
  }

  @Override
  public Accumulator newAccumulator() {
    return new Stats();
  }

  @Override
  public Emission mStep(Accumulator statistics, double minCovar, double pseudoCount) {
    Stats st = (Stats) statistics;
    double[][] w = new double[n][mix];
    double[][][] mu = new double[n][mix][];
    double[][][] v = new double[n][mix][];
    for (int j = 0; j < n; j++) {
      double total = 0;
      for (int m = 0; m < mix; m++) {
        total += st.weight[j * mix + m];
      }
      for (int m = 0; m < mix; m++) {
        int c = j * mix + m;
        double wm = st.weight[c];
        w[j][m] = total > 0 ? wm / total : weights[j][m];
        if (!(wm > 0)) {
          mu[j][m] = means[j][m].clone();
          v[j][m] = vars[j][m].clone();
          continue;
        }
        mu[j][m] = new double[d];
        v[j][m] = new double[d];
        for (int f = 0; f < d; f++) {
          double mean = st.sx[c * d + f] / wm;
          mu[j][m][f] = mean;
          v[j][m][f] = Math.max(0, st.sxx[c * d + f] / wm - mean * mean) + minCovar;
        }
      }
    }
    return new GaussianMixtureEmission(w, mu, v);
  }

  @Override
  public void sample(int state, SplittableRandom rng, double[] out, int offset) {
    double u = rng.nextDouble();
    int pick = 0;
    for (int m = 0; m < mix; m++) {
      if (weights[state][m] > 0) {
        pick = m;
        u -= weights[state][m];
        if (u < 0) {
          break;
        }
      }
    }
    for (int f = 0; f < d; f++) {
      out[offset + f] = means[state][pick][f] + Math.sqrt(vars[state][pick][f]) * rng.nextGaussian();
    }
  }

  @Override
  public int parameterCount() {
    return n * (mix - 1) + 2 * n * mix * d;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("kind", kind());
    node.put("covarianceType", "diag");
    node.set("weights", JsonArrays.of(weights));
    node.set("means", JsonArrays.of(means));
    node.set("covars", JsonArrays.of(vars));
    return node;
  }

  /** Per-component weights and sums, indexed {@code c = j*M + m}. */
  private final class Stats implements Accumulator {
    final double[] weight = new double[n * mix];
    final double[] sx = new double[n * mix * d];
    final double[] sxx = new double[n * mix * d];
    final double[] comp = new double[mix];

    @Override
    public void add(double[] obs, int length, double[] gamma) {
      for (int t = 0; t < length; t++) {
        int x = t * d;
        for (int j = 0; j < n; j++) {
          double g = gamma[t * n + j];
          if (g == 0) {
            continue;
          }
          components(obs, x, j, comp);
          double total = LogMath.logSumExp(comp, 0, mix);
          if (total == Double.NEGATIVE_INFINITY) {
            continue;
          }
          for (int m = 0; m < mix; m++) {
            double r = g * Math.exp(comp[m] - total);
            int c = j * mix + m;
            weight[c] += r;
            for (int f = 0; f < d; f++) {
              sx[c * d + f] += r * obs[x + f];
              sxx[c * d + f] += r * obs[x + f] * obs[x + f];
            }
          }
        }
      }
    }

    @Override
    public void merge(Accumulator other) {
      Stats o = (Stats) other;
      for (int i = 0; i < weight.length; i++) {
        weight[i] += o.weight[i];
      }
      for (int i = 0; i < sx.length; i++) {
        sx[i] += o.sx[i];
        sxx[i] += o.sxx[i];
      }
    }
  }
}
