package dev.fabrica.neural.tabular;

/**
 * TVAE hyperparameters (Xu et al. 2019; the defaults are the paper's code's: two hidden layers of
 * 128, a 128-dimensional latent, batch 500, Adam 1e-3 with L2 1e-5, reconstruction weight 2).
 *
 * @param epochs passes over the training rows
 */
public record TvaeConfig(int latent, int hidden, int batch, int epochs, double lr, double weightDecay, double lossFactor, long seed) {
  public TvaeConfig {
    if (latent < 1 || hidden < 1) {
      throw new IllegalArgumentException("latent and hidden sizes must be at least 1, got " + latent + " and " + hidden);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (!(lr > 0) || weightDecay < 0 || !(lossFactor > 0)) {
      throw new IllegalArgumentException("bad TVAE settings: lr " + lr + ", weight decay " + weightDecay + ", loss factor " + lossFactor);
    }
  }

  public static TvaeConfig defaults() {
    return new TvaeConfig(128, 128, 500, 300, 1e-3, 1e-5, 2, 42);
  }

  /** A few seconds on a small table: for tests. */
  public static TvaeConfig tiny() {
    return new TvaeConfig(16, 32, 100, 30, 3e-3, 1e-5, 2, 42);
  }

  public TvaeConfig withEpochs(int e) {
    return new TvaeConfig(latent, hidden, batch, e, lr, weightDecay, lossFactor, seed);
  }

  public TvaeConfig withBatch(int b) {
    return new TvaeConfig(latent, hidden, b, epochs, lr, weightDecay, lossFactor, seed);
  }

  public TvaeConfig withLr(double l) {
    return new TvaeConfig(latent, hidden, batch, epochs, l, weightDecay, lossFactor, seed);
  }

  public TvaeConfig withSeed(long s) {
    return new TvaeConfig(latent, hidden, batch, epochs, lr, weightDecay, lossFactor, s);
  }
}
