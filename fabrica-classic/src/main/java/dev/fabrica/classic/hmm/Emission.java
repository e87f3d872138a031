package dev.fabrica.classic.hmm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.core.BadInputException;
import java.util.SplittableRandom;

/**
 * The emission distributions of an HMM, one per hidden state: {@code b_j(x) = P(x | s_j)}.
 * Implementations are immutable and serializable; {@link #mStep} returns a new one. Observations arrive flat, as
 * {@code T × dim} doubles (see {@link Sequences}).
 */
public interface Emission extends java.io.Serializable {
  /** Kind as written in {@code model.json}: categorical, gaussian, gmm or poisson. */
  String kind();

  /** Number of hidden states N. */
  int nStates();

  /** Features per observation (1 for categorical symbols). */
  int dim();

  /**
   * Checks that every observation lies in the support (e.g. symbols in {@code 0..K-1}); throws
   * {@link BadInputException} naming the sequence and step otherwise.
   */
  void validate(Sequences sequences);

  /**
   * Fills {@code out[t*N + j] = log b_j(x_t)} for {@code t < length}; {@code -inf} where impossible,
   * never NaN.
   *
   * @param obs flat observations, {@code length × dim}
   * @param out at least {@code length × N}
   */
  void logProb(double[] obs, int length, double[] out);

  /** An empty accumulator of the sufficient statistics this emission's M-step needs. */
  Accumulator newAccumulator();

  /**
   * The maximum-likelihood emission for the accumulated statistics. A state whose total posterior
   * weight is zero keeps its current parameters.
   *
   * @param minCovar added to variances (Gaussian kinds)
   * @param pseudoCount added to every symbol count (categorical)
   */
  Emission mStep(Accumulator statistics, double minCovar, double pseudoCount);

  /** Draws one observation from state {@code state} into {@code out[offset .. offset+dim)}. */
  void sample(int state, SplittableRandom rng, double[] out, int offset);

  /** Free parameters, for AIC and BIC. */
  int parameterCount();

  /** The parameters as JSON, with a {@code kind} field. */
  ObjectNode toJson();

  /**
   * Sufficient statistics from posteriors; accumulators of one thread are merged in a fixed order.
   * Serializable, as part of {@link HmmStatistics}.
   */
  interface Accumulator extends java.io.Serializable {
    /**
     * Adds one sequence weighted by its state posteriors.
     *
     * @param obs flat observations, {@code length × dim}
     * @param gamma {@code gamma[t*N + j] = P(s_t = j | x)}, {@code length × N}
     */
    void add(double[] obs, int length, double[] gamma);

    /** Adds another accumulator of the same emission into this one. */
    void merge(Accumulator other);
  }

  /** Fails unless the observations have {@code d} features, the model's dimension. */
  static void requireDim(Sequences sequences, int d) {
    if (sequences.dim() != d) {
      throw new BadInputException("the observations have " + sequences.dim() + " features but the model has " + d);
    }
  }

  /** Reads an emission written by {@link #toJson()}. */
  static Emission fromJson(JsonNode node) {
    String kind = node.path("kind").asText("");
    return switch (kind) {
      case "categorical" -> CategoricalEmission.fromJson(node);
      case "gaussian" -> GaussianEmission.fromJson(node);
      case "gmm" -> GaussianMixtureEmission.fromJson(node);
      case "poisson" -> PoissonEmission.fromJson(node);
      default -> throw new BadInputException(
          "unknown emission kind '" + kind + "'; expected categorical, gaussian, gmm or poisson");
    };
  }
}
