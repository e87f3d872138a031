package dev.fabrica.classic.hmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.classic.LogMath;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.util.SplittableRandom;

/**
 * Discrete symbols {@code 0..K-1}: {@code b[j][k] = P(x = k | s_j)}, each row a probability vector.
 * The M-step is {@code b[j][k] = (Σ_t γ_t(j) [x_t = k] + c) / (Σ_t γ_t(j) + K c)} for pseudo-count c.
 */
public final class CategoricalEmission implements Emission {
  private final double[][] probs;
  /** {@code logT[k*N + j] = log b[j][k]}: one contiguous row per symbol, copied per step. */
  private final double[] logT;
  private final int n;
  private final int k;

  /** @param probs {@code [N][K]}, rows summing to 1; copied */
  public CategoricalEmission(double[][] probs) {
    if (probs == null || probs.length == 0) {
      throw new BadInputException("categorical emission needs at least 1 state, got 0");
    }
    this.n = probs.length;
    this.k = probs[0] == null ? 0 : probs[0].length;
    Checks.positive(k, "number of symbols");
    this.probs = Checks.copy(probs);
    for (int j = 0; j < n; j++) {
      Checks.width(this.probs[j], k, "emission probabilities of state " + j);
      Checks.probabilities(this.probs[j], "emission probabilities of state " + j, false);
    }
    this.logT = new double[k * n];
    for (int j = 0; j < n; j++) {
      for (int s = 0; s < k; s++) {
        logT[s * n + j] = LogMath.safeLog(this.probs[j][s]);
      }
    }
  }

  static CategoricalEmission fromJson(JsonNode node) {
    return new CategoricalEmission(JsonArrays.matrix(node.get("probs"), "emission.probs"));
  }

  /** Number of symbols K. */
  public int nSymbols() {
    return k;
  }

  /** {@code [N][K]} emission probabilities (a copy). */
  public double[][] probs() {
    return Checks.copy(probs);
  }

  @Override
  public String kind() {
    return "categorical";
  }

  @Override
  public int nStates() {
    return n;
  }

  @Override
  public int dim() {
    return 1;
  }

  @Override
  public void validate(Sequences sequences) {
    if (sequences.dim() != 1) {
      throw new BadInputException("categorical HMM needs one symbol per step, got " + sequences.dim() + " features");
    }
    for (int i = 0; i < sequences.size(); i++) {
      double[] obs = sequences.raw(i);
      for (int t = 0; t < obs.length; t++) {
        double x = obs[t];
        if (x < 0 || x >= k || x != Math.rint(x)) {
          throw new BadInputException("sequence " + i + ", step " + t + ": symbol " + x
              + " is outside 0.." + (k - 1) + " (the model has " + k + " symbols)");
        }
      }
    }
  }

  @Override
  public void logProb(double[] obs, int length, double[] out) {
    for (int t = 0; t < length; t++) {
      System.arraycopy(logT, (int) obs[t] * n, out, t * n, n);
    }
  }

  @Override
  public Accumulator newAccumulator() {
    return new Counts(n, k);
  }

  @Override
  public Emission mStep(Accumulator statistics, double minCovar, double pseudoCount) {
    double[] c = ((Counts) statistics).counts;
    double[][] next = new double[n][k];
    for (int j = 0; j < n; j++) {
      double total = 0;
      for (int s = 0; s < k; s++) {
        total += c[j * k + s] + pseudoCount;
      }
      for (int s = 0; s < k; s++) {
        next[j][s] = total > 0 ? (c[j * k + s] + pseudoCount) / total : probs[j][s];
      }
    }
    return new CategoricalEmission(next);
  }

  @Override
  public void sample(int state, SplittableRandom rng, double[] out, int offset) {
    double u = rng.nextDouble();
    double[] row = probs[state];
    int last = 0;
    for (int s = 0; s < k; s++) {
      if (row[s] > 0) {
        last = s;
        u -= row[s];
        if (u < 0) {
          break;
        }
      }
    }
    out[offset] = last;
  }

  @Override
  public int parameterCount() {
    return n * (k - 1);
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("kind", kind());
    node.put("nSymbols", k);
    node.set("probs", JsonArrays.of(probs));
    return node;
  }

  /** Expected symbol counts per state, {@code counts[j*K + k]}. */
  private static final class Counts implements Accumulator {
    final double[] counts;
    final int n;
    final int k;

    Counts(int n, int k) {
      this.n = n;
      this.k = k;
      this.counts = new double[n * k];
    }

    @Override
    public void add(double[] obs, int length, double[] gamma) {
      for (int t = 0; t < length; t++) {
        int s = (int) obs[t];
        int g = t * n;
        for (int j = 0; j < n; j++) {
          counts[j * k + s] += gamma[g + j];
        }
      }
    }

    @Override
    public void merge(Accumulator other) {
      double[] o = ((Counts) other).counts;
      for (int i = 0; i < counts.length; i++) {
        counts[i] += o[i];
      }
    }
  }
}
