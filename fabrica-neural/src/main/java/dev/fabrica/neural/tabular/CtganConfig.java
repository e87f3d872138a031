package dev.fabrica.neural.tabular;

/**
 * CTGAN hyperparameters (Xu et al. 2019; defaults from the authors' code): a 128-dimensional noise,
 * two residual generator layers and two discriminator layers of 256, packs of 10 rows (PacGAN),
 * WGAN-GP with λ = 10, Adam 2e-4 with β = (0.5, 0.9) and L2 1e-6, Gumbel softmax at τ = 0.2,
 * batch 500, steps per epoch = max(1, rows / batch).
 */
public record CtganConfig(int embedding, int hidden, int batch, int epochs, double lr, double weightDecay, int pac,
    double gpLambda, double tau, long seed) {
  public CtganConfig {
    if (embedding < 1 || hidden < 1) {
      throw new IllegalArgumentException("embedding and hidden sizes must be at least 1, got " + embedding + " and " + hidden);
    }
    if (pac < 1 || batch < pac || batch % pac != 0) {
      throw new IllegalArgumentException("batch must be a positive multiple of pac " + pac + ", got " + batch);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (!(lr > 0) || weightDecay < 0 || gpLambda < 0 || !(tau > 0)) {
      throw new IllegalArgumentException("bad CTGAN settings: lr " + lr + ", weight decay " + weightDecay + ", λ " + gpLambda + ", τ " + tau);
    }
  }

  public static CtganConfig defaults() {
    return new CtganConfig(128, 256, 500, 300, 2e-4, 1e-6, 10, 10, 0.2, 42);
  }

  /** Small and quick: for tests. */
  public static CtganConfig tiny() {
    return new CtganConfig(16, 64, 100, 100, 1e-3, 1e-6, 10, 10, 0.2, 42);
  }

  public CtganConfig withEpochs(int e) {
    return new CtganConfig(embedding, hidden, batch, e, lr, weightDecay, pac, gpLambda, tau, seed);
  }

  public CtganConfig withBatch(int b) {
    return new CtganConfig(embedding, hidden, b, epochs, lr, weightDecay, pac, gpLambda, tau, seed);
  }

  public CtganConfig withLr(double l) {
    return new CtganConfig(embedding, hidden, batch, epochs, l, weightDecay, pac, gpLambda, tau, seed);
  }

  public CtganConfig withSeed(long s) {
    return new CtganConfig(embedding, hidden, batch, epochs, lr, weightDecay, pac, gpLambda, tau, s);
  }
}
