package dev.fabrica.neural.tabular;

/**
 * CTGAN hyperparameters (Xu et al. 2019; defaults from the authors' code): a 128-dimensional noise,
 * two residual generator layers and two discriminator layers of 256, packs of 10 rows (PacGAN),
 * WGAN-GP with λ = 10, Adam 2e-4 with β = (0.5, 0.9) and L2 1e-6, Gumbel softmax at τ = 0.2,
 * batch 500, steps per epoch = max(1, rows / batch). One exception: {@code discriminatorSteps}
 * critic updates per generator update are 5, as in the WGAN-GP paper (Gulrajani et al. 2017,
 * n_critic), where the authors' code defaults to 1; with 1, the critic of a table of a few hundred
 * rows stays too weak to see the scalars' spread (design notes, "CTGAN's critic").
 */
public record CtganConfig(int embedding, int hidden, int batch, int epochs, double lr, double weightDecay, int pac,
    double gpLambda, double tau, int discriminatorSteps, long seed) {
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
    if (discriminatorSteps < 1) {
      throw new IllegalArgumentException("discriminator steps must be at least 1, got " + discriminatorSteps);
    }
    if (!(lr > 0) || weightDecay < 0 || gpLambda < 0 || !(tau > 0)) {
      throw new IllegalArgumentException("bad CTGAN settings: lr " + lr + ", weight decay " + weightDecay + ", λ " + gpLambda + ", τ " + tau);
    }
  }

  public static CtganConfig defaults() {
    return new CtganConfig(128, 256, 500, 300, 2e-4, 1e-6, 10, 10, 0.2, 5, 42);
  }

  /** Small and quick: for tests. */
  public static CtganConfig tiny() {
    return new CtganConfig(16, 64, 100, 100, 1e-3, 1e-6, 10, 10, 0.2, 1, 42);
  }

  public CtganConfig withEpochs(int e) {
    return new CtganConfig(embedding, hidden, batch, e, lr, weightDecay, pac, gpLambda, tau, discriminatorSteps, seed);
  }

  public CtganConfig withBatch(int b) {
    return new CtganConfig(embedding, hidden, b, epochs, lr, weightDecay, pac, gpLambda, tau, discriminatorSteps, seed);
  }

  public CtganConfig withLr(double l) {
    return new CtganConfig(embedding, hidden, batch, epochs, l, weightDecay, pac, gpLambda, tau, discriminatorSteps, seed);
  }

  public CtganConfig withDiscriminatorSteps(int d) {
    return new CtganConfig(embedding, hidden, batch, epochs, lr, weightDecay, pac, gpLambda, tau, d, seed);
  }

  public CtganConfig withSeed(long s) {
    return new CtganConfig(embedding, hidden, batch, epochs, lr, weightDecay, pac, gpLambda, tau, discriminatorSteps, s);
  }
}
