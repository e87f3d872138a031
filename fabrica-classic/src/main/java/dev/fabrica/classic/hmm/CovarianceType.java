package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import java.util.Locale;

/**
 * Shape of the Gaussian covariances, as in hmmlearn: {@code DIAG} one variance per state and
 * feature, {@code FULL} one matrix per state, {@code SPHERICAL} one variance per state, {@code TIED}
 * one matrix shared by all states.
 */
public enum CovarianceType {
  DIAG,
  FULL,
  SPHERICAL,
  TIED;

  /** The lowercase name used in model.json and on the command line. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code diag}, {@code full}, {@code spherical} or {@code tied}. */
  public static CovarianceType parse(String name) {
    for (CovarianceType c : values()) {
      if (c.jsonName().equals(name)) {
        return c;
      }
    }
    throw new BadInputException("unknown covariance type '" + name + "'; expected diag, full, spherical or tied");
  }
}
