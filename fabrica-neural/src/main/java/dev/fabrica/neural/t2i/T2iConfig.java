package dev.fabrica.neural.t2i;

import dev.fabrica.neural.gan.GanConfig;

/**
 * Hyperparameters of the text-to-image model: the conditional GAN's (z, widths, the width of the
 * condition's embedding, batch, Adam), the prompt encoder's width and learning rate, and the
 * probability of dropping each feature of a caption while training (what makes unseen phrasings
 * work).
 */
public record T2iConfig(
    int zDim, int ngf, int ndf, int embed, int textDim, int batch, double lr, double beta1, double textLr,
    double featureDropout, long seed) {
  public T2iConfig {
    if (zDim < 1 || ngf < 1 || ndf < 1 || embed < 1 || textDim < 1 || batch < 2 || !(lr > 0) || !(textLr > 0)) {
      throw new IllegalArgumentException("bad text-to-image settings: z " + zDim + ", ngf " + ngf + ", ndf " + ndf
          + ", embed " + embed + ", text width " + textDim + ", batch " + batch + ", lr " + lr + ", text lr " + textLr);
    }
    if (!(featureDropout >= 0 && featureDropout < 1)) {
      throw new IllegalArgumentException("feature dropout must be in [0, 1), got " + featureDropout);
    }
  }

  /** The DCGAN recipe (z 100, Adam 2e-4, β₁ 0.5, batch 128), a 64-wide prompt encoder, dropout 0.3. */
  public static T2iConfig defaults() {
    return new T2iConfig(100, 64, 32, 50, 64, 128, 2e-4, 0.5, 3e-3, 0.3, 1);
  }

  /** The conditional GAN over {@code concepts} classes. */
  public GanConfig gan(int concepts) {
    return new GanConfig("cgan", zDim, ngf, ndf, concepts, embed, batch, lr, beta1, seed);
  }

  public T2iConfig withSeed(long s) {
    return new T2iConfig(zDim, ngf, ndf, embed, textDim, batch, lr, beta1, textLr, featureDropout, s);
  }

  public T2iConfig withBatch(int b) {
    return new T2iConfig(zDim, ngf, ndf, embed, textDim, b, lr, beta1, textLr, featureDropout, seed);
  }

  public T2iConfig withLr(double r) {
    return new T2iConfig(zDim, ngf, ndf, embed, textDim, batch, r, beta1, textLr, featureDropout, seed);
  }

  public T2iConfig withTextDim(int d) {
    return new T2iConfig(zDim, ngf, ndf, embed, d, batch, lr, beta1, textLr, featureDropout, seed);
  }

  public T2iConfig withFeatureDropout(double p) {
    return new T2iConfig(zDim, ngf, ndf, embed, textDim, batch, lr, beta1, textLr, p, seed);
  }

  public T2iConfig withWidths(int g, int d) {
    return new T2iConfig(zDim, g, d, embed, textDim, batch, lr, beta1, textLr, featureDropout, seed);
  }
}
