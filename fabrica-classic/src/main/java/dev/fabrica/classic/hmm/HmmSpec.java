package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;

/**
 * The structure of an HMM to initialise before fitting: number of states and the emission family.
 *
 * @param kind categorical, gaussian, gmm or poisson
 * @param nSymbols K for categorical emissions (0 otherwise)
 * @param covarianceType for gaussian emissions (null otherwise; gmm components are diagonal)
 * @param nMix mixture components per state for gmm (0 otherwise)
 */
public record HmmSpec(int nStates, String kind, int nSymbols, CovarianceType covarianceType, int nMix) {
  public HmmSpec {
    if (nStates < 1) {
      throw new BadInputException("nStates must be at least 1, got " + nStates);
    }
    switch (kind == null ? "" : kind) {
      case "categorical" -> {
        if (nSymbols < 1) {
          throw new BadInputException("nSymbols must be at least 1, got " + nSymbols);
        }
      }
      case "gaussian" -> {
        if (covarianceType == null) {
          throw new BadInputException("a gaussian HMM needs a covariance type: diag, full, spherical or tied");
        }
      }
      case "gmm" -> {
        if (nMix < 1) {
          throw new BadInputException("nMix must be at least 1, got " + nMix);
        }
      }
      case "poisson" -> { }
      default -> throw new BadInputException(
          "unknown emission kind '" + kind + "'; expected categorical, gaussian, gmm or poisson");
    }
  }

  public static HmmSpec categorical(int nStates, int nSymbols) {
    return new HmmSpec(nStates, "categorical", nSymbols, null, 0);
  }

  public static HmmSpec gaussian(int nStates, CovarianceType covarianceType) {
    return new HmmSpec(nStates, "gaussian", 0, covarianceType, 0);
  }

  /** Gaussian mixtures with {@code nMix} diagonal components per state. */
  public static HmmSpec gmm(int nStates, int nMix) {
    return new HmmSpec(nStates, "gmm", 0, null, nMix);
  }

  public static HmmSpec poisson(int nStates) {
    return new HmmSpec(nStates, "poisson", 0, null, 0);
  }
}
