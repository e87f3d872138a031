package dev.fabrica.classic.hmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.util.SplittableRandom;

/**
 * Independent Poisson counts per feature: {@code log b_j(x) = Σ_f (x_f log λ_jf - λ_jf - log x_f!)}.
 * The M-step is {@code λ_jf = Σ_t γ_t(j) x_tf / Σ_t γ_t(j)}.
 */
public final class PoissonEmission implements Emission {
  private static final double[] LOG_FACTORIAL = new double[1024];

  static {
    for (int k = 2; k < LOG_FACTORIAL.length; k++) {
      LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
    }
  }

  private final int n;
  private final int d;
  private final double[][] lambdas;
  private final double[][] logLambdas;

  /** @param lambdas {@code [N][d]} rates, each finite and {@code >= 0} */
  public PoissonEmission(double[][] lambdas) {
    if (lambdas == null || lambdas.length == 0) {
      throw new BadInputException("poisson emission needs at least 1 state, got 0");
    }
    this.n = lambdas.length;
    this.d = lambdas[0].length;
    Checks.positive(d, "number of features");
    this.lambdas = Checks.copy(lambdas);
    this.logLambdas = new double[n][d];
    for (int j = 0; j < n; j++) {
      Checks.width(this.lambdas[j], d, "lambdas[" + j + "]");
      for (int f = 0; f < d; f++) {
        double l = this.lambdas[j][f];
        if (!(l >= 0) || Double.isInfinite(l)) {
          throw new BadInputException("lambdas[" + j + "][" + f + "] = " + l + " is not a rate >= 0");
        }
        logLambdas[j][f] = Math.log(l);
      }
    }
  }

  static PoissonEmission fromJson(JsonNode node) {
    return new PoissonEmission(JsonArrays.matrix(node.get("lambdas"), "emission.lambdas"));
  }

  /** {@code [N][d]} rates (a copy). */
  public double[][] lambdas() {
    return Checks.copy(lambdas);
  }

  /** {@code log k!}: a table up to 1023, Stirling's series beyond. */
  static double logFactorial(double k) {
    if (k < LOG_FACTORIAL.length) {
      return LOG_FACTORIAL[(int) k];
    }
    return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k * k * k);
  }

  @Override
  public String kind() {
    return "poisson";
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
    for (int i = 0; i < sequences.size(); i++) {
      double[] obs = sequences.raw(i);
      for (int k = 0; k < obs.length; k++) {
        if (obs[k] < 0 || obs[k] != Math.rint(obs[k])) {
          throw new BadInputException("sequence " + i + ", step " + k / d + ": " + obs[k]
              + " is not a count (a whole number >= 0)");
        }
      }
    }
  }

  @Override
  public void logProb(double[] obs, int length, double[] out) {
    for (int t = 0; t < length; t++) {
      double common = 0;
      for (int f = 0; f < d; f++) {
        common -= logFactorial(obs[t * d + f]);
      }
      for (int j = 0; j < n; j++) {
        double s = common;
        for (int f = 0; f < d; f++) {
          double x = obs[t * d + f];
          // 0 · log 0 is 0 here: a zero rate emits zero surely
          s += (x == 0 ? 0 : x * logLambdas[j][f]) - lambdas[j][f];
        }
        out[t * n + j] = s;
      }
    }
  }

  @Override
  public Accumulator newAccumulator() {
    return new GaussianStats(n, d, false);
  }

  @Override
  public Emission mStep(Accumulator statistics, double minCovar, double pseudoCount) {
    GaussianStats st = (GaussianStats) statistics;
    double[][] next = new double[n][];
    for (int j = 0; j < n; j++) {
      next[j] = st.weight[j] > 0 ? st.mean(j) : lambdas[j].clone();
    }
    return new PoissonEmission(next);
  }

  @Override
  public void sample(int state, SplittableRandom rng, double[] out, int offset) {
    for (int f = 0; f < d; f++) {
      double lambda = lambdas[state][f];
      long count = 0;
      // a sum of Poisson(λ/k) draws is Poisson(λ); pieces of at most 500 keep exp(-λ) representable
      int pieces = (int) Math.ceil(lambda / 500);
      for (int p = 0; p < pieces; p++) {
        count += inversion(lambda / pieces, rng);
      }
      out[offset + f] = count;
    }
  }

  private static long inversion(double lambda, SplittableRandom rng) {
    double u = rng.nextDouble();
    double p = Math.exp(-lambda);
    long k = 0;
    while (u > p && p > 0) {
      u -= p;
      k++;
      p *= lambda / k;
    }
    return k;
  }

  @Override
  public int parameterCount() {
    return n * d;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("kind", kind());
    node.set("lambdas", JsonArrays.of(lambdas));
    return node;
  }
}
