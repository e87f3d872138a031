package dev.fabrica.neural.vae;

/**
 * Hyperparameters of a VAE. {@code kind} "mlp" is PyTorch's reference (784 → hidden → latent →
 * hidden → 784); "conv" encodes with two stride-2 convolutions (32, 64 channels) and decodes with
 * their transposes.
 */
public record VaeConfig(String kind, int latent, int hidden, int batch, double lr, long seed) {
  public VaeConfig {
    if (!kind.equals("mlp") && !kind.equals("conv")) {
      throw new IllegalArgumentException("VAE kind must be mlp or conv, got '" + kind + "'");
    }
    if (latent < 1 || hidden < 1 || batch < 1 || !(lr > 0)) {
      throw new IllegalArgumentException(
          "bad VAE settings: latent " + latent + ", hidden " + hidden + ", batch " + batch + ", lr " + lr);
    }
  }

  /** The reference: latent 20, hidden 400, batch 128, Adam 1e-3. */
  public static VaeConfig defaults() {
    return new VaeConfig("mlp", 20, 400, 128, 1e-3, 1);
  }

  public VaeConfig withKind(String k) {
    return new VaeConfig(k, latent, hidden, batch, lr, seed);
  }

  public VaeConfig withBatch(int b) {
    return new VaeConfig(kind, latent, hidden, b, lr, seed);
  }

  public VaeConfig withSeed(long s) {
    return new VaeConfig(kind, latent, hidden, batch, lr, s);
  }

  public VaeConfig withLatent(int l) {
    return new VaeConfig(kind, l, hidden, batch, lr, seed);
  }

  public VaeConfig withLr(double r) {
    return new VaeConfig(kind, latent, hidden, batch, r, seed);
  }
}
