package dev.fabrica.tabular.copula;

/** Small statistics shared by the copula and the metrics. */
public final class Stats {
  private Stats() {}

  /** Pearson's correlation of two equally long samples; 0 when either is constant. */
  public static double pearson(double[] a, double[] b) {
    return CopulaSynthesizer.pearson(a, b);
  }
}
