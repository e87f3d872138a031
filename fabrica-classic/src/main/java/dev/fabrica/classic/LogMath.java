package dev.fabrica.classic;

/**
 * Numerics in log space that stay finite-safe: {@code logSumExp} of all {@code -inf} is {@code
 * -inf}, never NaN.
 */
public final class LogMath {
  private LogMath() {}

  /** log(Σ exp(a[i])) for i in [from, to), computed stably by factoring out the maximum. */
  public static double logSumExp(double[] a, int from, int to) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      if (a[i] > max) {
        max = a[i];
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    if (max == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.exp(a[i] - max);
    }
    return max + Math.log(sum);
  }

  /** log(Σ exp(a[i])) over the whole array. */
  public static double logSumExp(double... a) {
    return logSumExp(a, 0, a.length);
  }

  /** log(exp(a) + exp(b)). */
  public static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(-Math.abs(a - b)));
  }

  /** log(x), with log(0) = -inf rather than an error; x must not be negative. */
  public static double safeLog(double x) {
    return x > 0 ? Math.log(x) : Double.NEGATIVE_INFINITY;
  }
}
