package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;

/** Validation shared by models and emissions; every failure is a one-line BadInputException. */
final class Checks {
  static final double SUM_TOLERANCE = 1e-6;

  private Checks() {}

  /** {@code p} is a probability vector: entries in [0, 1], summing to 1 (or all zero if allowed). */
  static void probabilities(double[] p, String name, boolean allowAllZero) {
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      if (!(p[k] >= 0 && p[k] <= 1)) {
        throw new BadInputException(name + "[" + k + "] = " + p[k] + " is not a probability in [0, 1]");
      }
      sum += p[k];
    }
    if (sum == 0 && allowAllZero) {
      return;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new BadInputException(name + " sums to " + sum + ", not 1");
    }
  }

  static void positive(int value, String name) {
    if (value < 1) {
      throw new BadInputException(name + " must be at least 1, got " + value);
    }
  }

  static void rows(double[][] a, int rows, String name) {
    if (a == null || a.length != rows) {
      throw new BadInputException(name + " has " + (a == null ? 0 : a.length) + " rows, expected " + rows);
    }
  }

  static void width(double[] row, int width, String name) {
    if (row == null || row.length != width) {
      throw new BadInputException(
          name + " has " + (row == null ? 0 : row.length) + " entries, expected " + width);
    }
  }

  static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
