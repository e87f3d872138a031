package dev.fabrica.tabular.copula;

import java.util.List;

/**
 * Hyperparameters of the Gaussian copula.
 *
 * @param distributions the marginal families to choose from by goodness of fit (a subset of {@link Marginals#FAMILIES})
 * @param seed seeds the draws that place each category's rows inside its frequency interval
 */
public record CopulaConfig(List<String> distributions, long seed) {
  public CopulaConfig {
    distributions = List.copyOf(distributions);
    if (distributions.isEmpty()) {
      throw new IllegalArgumentException("distributions: name at least one of " + Marginals.FAMILIES);
    }
    for (String d : distributions) {
      if (!Marginals.FAMILIES.contains(d)) {
        throw new IllegalArgumentException("distributions: unknown '" + d + "' (one of " + String.join(", ", Marginals.FAMILIES) + ")");
      }
    }
  }

  public static CopulaConfig defaults() {
    return new CopulaConfig(Marginals.FAMILIES, 42);
  }

  public CopulaConfig withSeed(long s) {
    return new CopulaConfig(distributions, s);
  }

  public CopulaConfig withDistributions(List<String> d) {
    return new CopulaConfig(d, seed);
  }
}
