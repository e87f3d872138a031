package dev.fabrica.tabular.copula;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution's Φ, Φ⁻¹ and density. */
public final class Normal {
  /** Normal scores are clipped to Φ⁻¹ of [EPS, 1 - EPS], so a CDF of 0 or 1 stays finite. */
  public static final double EPS = 1e-9;

  private Normal() {}

  public static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }

  public static double inverse(double u) {
    double p = Math.min(1 - EPS, Math.max(EPS, u));
    return -Math.sqrt(2) * Erf.erfcInv(2 * p);
  }

  public static double density(double z) {
    return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }
}
