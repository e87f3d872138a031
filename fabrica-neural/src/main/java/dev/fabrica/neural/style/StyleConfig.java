package dev.fabrica.neural.style;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Hyperparameters of the style-based GAN (Karras et al. 2019/2020, "StyleGAN2"), sized for 28×28
 * images on a CPU.
 *
 * @param zDim latent size (512 in the paper)
 * @param wDim intermediate latent size
 * @param mappingLayers fully connected layers of the mapping network
 * @param lrMul learning-rate multiplier of the mapping network (0.01 in the paper)
 * @param channels feature maps at 7×7 and 14×14 in G and D
 * @param fineChannels feature maps at 28×28 (G's last two convolutions and toRGB, D's fromRGB and
 *     first convolution), where a layer costs four times as much per channel as at 14×14; StyleGAN
 *     too narrows its layers as the resolution grows. 0 (and a run saved before this setting
 *     existed) means {@code channels}
 * @param downsampleFirst whether D's residual blocks average-pool before their second convolution
 *     (as StyleGAN2's blurred stride-2 convolution does) rather than after it, so that convolution
 *     and its activation run at a quarter of the pixels; false for runs saved before this setting
 * @param batch images per step
 * @param lr Adam's learning rate (β1 = 0, β2 = 0.99 as in the paper)
 * @param r1Gamma weight γ of the R1 penalty γ/2·‖∇D(x)‖² on real images
 * @param r1Every lazy regularisation: the penalty every this many steps, scaled up to match
 * @param emaBeta decay of the exponential moving average of G's weights used for sampling
 * @param wAvgBeta decay of the running average of w (the truncation centre)
 * @param mixing probability that a training batch mixes two latents' styles
 * @param seed initial weights, batches and noise
 */
public record StyleConfig(
    @JsonProperty("z_dim") int zDim,
    @JsonProperty("w_dim") int wDim,
    @JsonProperty("mapping_layers") int mappingLayers,
    @JsonProperty("lr_mul") double lrMul,
    @JsonProperty("channels") int channels,
    @JsonProperty("fine_channels") int fineChannels,
    @JsonProperty("d_downsample_first") boolean downsampleFirst,
    @JsonProperty("batch") int batch,
    @JsonProperty("lr") double lr,
    @JsonProperty("r1_gamma") double r1Gamma,
    @JsonProperty("r1_every") int r1Every,
    @JsonProperty("ema_beta") double emaBeta,
    @JsonProperty("w_avg_beta") double wAvgBeta,
    @JsonProperty("mixing") double mixing,
    @JsonProperty("seed") long seed) {

  /** Synthesis layers that take a style: 7×7, 2 at 14×14, 2 at 28×28, and toRGB. */
  public static final int NUM_WS = 6;

  public StyleConfig {
    positive("z_dim", zDim);
    positive("w_dim", wDim);
    positive("mapping_layers", mappingLayers);
    positive("channels", channels);
    if (fineChannels == 0) {
      fineChannels = channels;
    }
    positive("fine_channels", fineChannels);
    if (batch < 2) {
      throw new IllegalArgumentException("batch must be at least 2 (the minibatch standard deviation needs two), got " + batch);
    }
    positive("r1_every", r1Every);
    if (!(lrMul > 0) || !(lr > 0)) {
      throw new IllegalArgumentException("lr and lr_mul must be positive, got " + lr + " and " + lrMul);
    }
    if (!(r1Gamma >= 0)) {
      throw new IllegalArgumentException("r1_gamma must not be negative, got " + r1Gamma);
    }
    for (double b : new double[] {emaBeta, wAvgBeta, mixing}) {
      if (!(b >= 0 && b <= 1)) {
        throw new IllegalArgumentException("ema_beta, w_avg_beta and mixing must be in [0, 1], got " + b);
      }
    }
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
  }

  /**
   * The paper's 512-d latents and lr multiplier, a 4-layer mapping network (8 in the paper; half
   * costs little in quality at this size and halves the mapping's time), 128 channels, batch 32.
   */
  public static StyleConfig defaults() {
    return new StyleConfig(512, 512, 4, 0.01, 128, 128, true, 32, 0.002, 1.0, 16, 0.999, 0.995, 0.9, 42);
  }

  /** For tests: small everything. */
  public static StyleConfig tiny() {
    return new StyleConfig(16, 16, 2, 0.01, 8, 8, true, 4, 0.002, 1.0, 2, 0.9, 0.9, 0.5, 7);
  }

  public StyleConfig withSeed(long s) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, channels, fineChannels, downsampleFirst, batch, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, s);
  }

  public StyleConfig withBatch(int b) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, channels, fineChannels, downsampleFirst, b, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }

  public StyleConfig withLr(double v) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, channels, fineChannels, downsampleFirst, batch, v, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }

  /** Every layer {@code v} wide (the 28×28 ones too). */
  public StyleConfig withChannels(int v) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, v, v, downsampleFirst, batch, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }

  /** 28×28 layers {@code v} wide (the coarser ones keep {@link #channels}). */
  public StyleConfig withFineChannels(int v) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, channels, v, downsampleFirst, batch, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }

  /** D's blocks pooling before (true) or after (false, the layout before this setting) their second convolution. */
  public StyleConfig withDownsampleFirst(boolean v) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, channels, fineChannels, v, batch, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }

  /** Probability {@code v} that a training batch mixes two latents' styles. */
  public StyleConfig withMixing(double v) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, channels, fineChannels, downsampleFirst, batch, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, v, seed);
  }

  public StyleConfig withMappingLayers(int v) {
    return new StyleConfig(zDim, wDim, v, lrMul, channels, fineChannels, downsampleFirst, batch, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }

  public StyleConfig withR1Gamma(double v) {
    return new StyleConfig(zDim, wDim, mappingLayers, lrMul, channels, fineChannels, downsampleFirst, batch, lr, v, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }

  /** z and w both {@code z}-dimensional. */
  public StyleConfig withZDim(int z) {
    return new StyleConfig(z, z, mappingLayers, lrMul, channels, fineChannels, downsampleFirst, batch, lr, r1Gamma, r1Every, emaBeta, wAvgBeta, mixing, seed);
  }
}
