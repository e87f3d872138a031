package dev.fabrica.neural.gpt;

/**
 * The exact GELU of nn.GELU(), x·Φ(x) = x/2·(1 + erf(x/√2)), fast enough for {@link JavaDecoder}:
 * a cubic Hermite interpolation of values and slopes tabulated every 1/64 on [−8, 8], whose error
 * (h⁴/384 · max|gelu⁗| ≈ 1e-10) is far below float resolution; outside, gelu is x or 0 to within
 * 1e-14. Computing erf directly (an exp and a degree-9 polynomial) cost ~60 ns, a third of a
 * decoded position of {@code baby}; the table takes a few.
 */
final class Gelu {
  private static final int PER_UNIT = 64;
  private static final double LIMIT = 8;
  private static final int NODES = (int) (2 * LIMIT * PER_UNIT) + 1;
  private static final float[] VALUE = new float[NODES];
  private static final float[] SLOPE = new float[NODES]; // d gelu / dx, times the node spacing

  static {
    for (int i = 0; i < NODES; i++) {
      double x = -LIMIT + (double) i / PER_UNIT;
      VALUE[i] = (float) exact(x);
      SLOPE[i] = (float) ((0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)) / PER_UNIT);
    }
  }

  private Gelu() {}

  static float apply(float v) {
    if (!(v > -LIMIT)) {
      return v != v ? v : 0f; // NaN stays NaN
    }
    if (v >= LIMIT) {
      return v;
    }
    double u = (v + LIMIT) * PER_UNIT; // in double: a float near 1024 would lose t's low bits
    int i = Math.min((int) u, NODES - 2);
    float t = (float) (u - i);
    float t2 = t * t;
    float t3 = t2 * t;
    // Hermite basis on [node i, node i+1]
    return (2 * t3 - 3 * t2 + 1) * VALUE[i] + (t3 - 2 * t2 + t) * SLOPE[i]
        + (-2 * t3 + 3 * t2) * VALUE[i + 1] + (t3 - t2) * SLOPE[i + 1];
  }

  /** x·Φ(x) from {@link #erf}. */
  static double exact(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  /**
   * erf to about 1e-7 (Numerical Recipes' erfc by a Chebyshev fit, fractional error below 1.2e-7);
   * Java has no erf of its own.
   */
  static double erf(double v) {
    double z = Math.abs(v);
    double t = 1 / (1 + 0.5 * z);
    double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return v >= 0 ? 1 - erfc : erfc - 1;
  }
}
