package dev.fabrica.neural.gan;

/**
 * Hyperparameters of a GAN. {@code kind} "dcgan" or "cgan" (class-conditional); the generator's
 * widest layer has 2·{@code ngf} channels and the discriminator's 2·{@code ndf}; {@code embed} is
 * the width of the class embedding the conditional generator reads beside z.
 */
public record GanConfig(String kind, int zDim, int ngf, int ndf, int classes, int embed, int batch, double lr, double beta1, long seed) {
  public GanConfig {
    if (!kind.equals("dcgan") && !kind.equals("cgan")) {
      throw new IllegalArgumentException("GAN kind must be dcgan or cgan, got '" + kind + "'");
    }
    if (zDim < 1 || ngf < 1 || ndf < 1 || classes < 1 || embed < 1 || batch < 2 || !(lr > 0)) {
      throw new IllegalArgumentException("bad GAN settings: z " + zDim + ", ngf " + ngf + ", ndf " + ndf
          + ", classes " + classes + ", embed " + embed + ", batch " + batch + ", lr " + lr);
    }
  }

  /** DCGAN's recipe: z 100-d, Adam 2e-4 with β₁ 0.5, batch 128. */
  public static GanConfig dcgan() {
    return new GanConfig("dcgan", 100, 64, 32, 10, 50, 128, 2e-4, 0.5, 1);
  }

  public static GanConfig cgan() {
    return dcgan().withKind("cgan");
  }

  public boolean conditional() {
    return kind.equals("cgan");
  }

  public GanConfig withKind(String k) {
    return new GanConfig(k, zDim, ngf, ndf, classes, embed, batch, lr, beta1, seed);
  }

  public GanConfig withSeed(long s) {
    return new GanConfig(kind, zDim, ngf, ndf, classes, embed, batch, lr, beta1, s);
  }

  public GanConfig withBatch(int b) {
    return new GanConfig(kind, zDim, ngf, ndf, classes, embed, b, lr, beta1, seed);
  }

  public GanConfig withLr(double r) {
    return new GanConfig(kind, zDim, ngf, ndf, classes, embed, batch, r, beta1, seed);
  }

  public GanConfig withWidths(int g, int d) {
    return new GanConfig(kind, zDim, g, d, classes, embed, batch, lr, beta1, seed);
  }
}
