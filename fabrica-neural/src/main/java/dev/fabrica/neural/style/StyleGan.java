package dev.fabrica.neural.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A style-based GAN: the trained generator (tensors {@code g.*}), its exponential moving average
 * used for sampling ({@code g_ema.*}), and the discriminator ({@code d.*}). Sampling controls are
 * the paper's: truncation ψ with a layer cutoff, style mixing at a crossover layer, noise on or off.
 * Latents come from a seed in plain Java, so an image is a function of (weights, seed).
 */
public final class StyleGan implements AutoCloseable {
  private final StyleConfig config;
  private final Params params;
  final StyleGenerator g;
  final StyleGenerator ema;
  final StyleDiscriminator d;

  public StyleGan(StyleConfig c, NDManager manager) {
    this.config = c;
    this.params = new Params(manager, c.seed());
    this.g = new StyleGenerator(c, params, "g.");
    this.d = new StyleDiscriminator(c, params);
    this.ema = new StyleGenerator(c, params, "g_ema.");
    copyIntoEma(1);
  }

  public StyleConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  /** ema ← β·ema + (1 − β)·g for every generator tensor (β = 0 copies), and the same for w̄. */
  void copyIntoEma(double keep) {
    Map<String, NDArray> all = params.trainable("g.");
    Map<String, NDArray> target = params.trainable("g_ema.");
    try (NDManager tmp = params.manager().newSubManager()) {
      for (Map.Entry<String, NDArray> e : all.entrySet()) {
        NDArray t = target.get("g_ema." + e.getKey().substring(2));
        lerpInto(t, e.getValue(), keep, tmp);
      }
      lerpInto(ema.wAvg(), g.wAvg(), keep, tmp);
    }
  }

  /** target ← keep·target + (1 − keep)·source, the temporary made in {@code tmp}. */
  private static void lerpInto(NDArray target, NDArray source, double keep, NDManager tmp) {
    NDArray part = Scalars.mul(source, 1 - keep);
    part.attach(tmp);
    target.muli((float) keep).addi(part);
  }

  /** z for each seed: N(0, I) of {@code zDim} values from the seed alone. */
  public NDArray latents(long[] seeds, NDManager scope) {
    float[] z = new float[seeds.length * config.zDim()];
    for (int i = 0; i < seeds.length; i++) {
      SplittableRandom r = new SplittableRandom(seeds[i]);
      for (int j = 0; j < config.zDim(); j++) {
        z[i * config.zDim() + j] = (float) gaussian(r);
      }
    }
    return scope.create(z, new Shape(seeds.length, config.zDim()));
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** Per-layer latents of the sampling generator for these seeds: (n, NUM_WS, wDim). */
  public NDArray styles(long[] seeds, NDManager scope) {
    return StyleGenerator.broadcast(ema.map(latents(seeds, scope)));
  }

  /**
   * Style mixing: layers before {@code crossover} take {@code coarse}'s styles, the others {@code
   * fine}'s (both (n, NUM_WS, wDim)).
   */
  public static NDArray mix(NDArray coarse, NDArray fine, int crossover) {
    if (crossover <= 0) {
      return fine;
    }
    if (crossover >= StyleConfig.NUM_WS) {
      return coarse;
    }
    return NDArrays.concat(new NDList(coarse.get(":, :" + crossover), fine.get(":, " + crossover + ":")), 1);
  }

  /**
   * Images from per-layer latents with the sampling generator.
   *
   * @param ws (n, NUM_WS, wDim)
   * @param psi truncation ψ (1: none)
   * @param cutoff layers truncated (NUM_WS: all)
   * @param noise whether the layers add noise (from the engine's generator; off for exact repeats)
   * @return (n, 784) pixels in [-1, 1] scale
   */
  public float[] render(NDArray ws, double psi, int cutoff, boolean noise, NDManager scope) {
    return ema.synthesize(ema.truncate(ws, psi, cutoff), noise, scope).toFloatArray();
  }

  /** n images from seeds, truncated by ψ on every layer, without noise. */
  public float[] sample(long[] seeds, double psi, NDManager scope) {
    return render(styles(seeds, scope), psi, StyleConfig.NUM_WS, false, scope);
  }

  @Override
  public void close() {
    params.close();
  }
}
