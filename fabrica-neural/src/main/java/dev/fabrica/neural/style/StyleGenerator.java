package dev.fabrica.neural.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator: a mapping network z → w (pixel-normalised z through {@code mappingLayers}
 * equalized layers at lr multiplier 0.01), and a synthesis network from a learned 7×7 constant:
 * one modulated convolution at 7×7, two at 14×14 and two at 28×28 after nearest upsampling, each
 * with its own style and noise, then a modulated 1×1 toRGB; the 28×28 layers are
 * {@link StyleConfig#fineChannels} wide, the others {@link StyleConfig#channels}. Six styles in all
 * ({@link StyleConfig#NUM_WS}); images come out in [-1, 1] scale (no squashing, as in the paper).
 */
final class StyleGenerator {
  private final StyleConfig c;
  private final List<StyleLayers.Dense> mapping = new ArrayList<>();
  private final NDArray constant;
  private final StyleLayers.ModConv[] convs = new StyleLayers.ModConv[5];
  private final StyleLayers.ModConv toRgb;
  private final NDArray wAvg;

  /** Registers its tensors under {@code prefix} (g. for the trained copy, g_ema. for the average). */
  StyleGenerator(StyleConfig c, Params p, String prefix) {
    this.c = c;
    for (int i = 0; i < c.mappingLayers(); i++) {
      mapping.add(StyleLayers.Dense.create(p, prefix + "mapping.fc" + i, i == 0 ? c.zDim() : c.wDim(), c.wDim(), c.lrMul(), 0));
    }
    constant = p.normal(prefix + "synthesis.const", 0, 1, c.channels(), 7, 7);
    for (int i = 0; i < convs.length; i++) {
      int in = i <= 3 ? c.channels() : c.fineChannels(); // convs 3 and 4 run at 28×28
      int out = i <= 2 ? c.channels() : c.fineChannels();
      convs[i] = StyleLayers.ModConv.create(p, prefix + "synthesis.conv" + i, in, out, 3, c.wDim(), true);
    }
    toRgb = StyleLayers.ModConv.create(p, prefix + "synthesis.torgb", c.fineChannels(), 1, 1, c.wDim(), false);
    wAvg = p.buffer(prefix + "mapping.w_avg", 0, c.wDim());
  }

  /** The running average of w, the centre that truncation pulls towards. */
  NDArray wAvg() {
    return wAvg;
  }

  /** z (B, zDim) → w (B, wDim). */
  NDArray map(NDArray z) {
    NDArray x = z.mul(Scalars.pow(Scalars.add(z.square().mean(new int[] {1}, true), 1e-8).sqrt(), -1)); // pixel norm
    for (StyleLayers.Dense d : mapping) {
      x = StyleLayers.act(d.forward(x));
    }
    return x;
  }

  /**
   * Truncation: w' = w̄ + ψ(w − w̄) for the layers before {@code cutoff}.
   *
   * @param ws (B, NUM_WS, wDim)
   */
  NDArray truncate(NDArray ws, double psi, int cutoff) {
    if (psi == 1) {
      return ws;
    }
    NDArray avg = StyleLayers.scoped(wAvg.reshape(1, 1, c.wDim()), ws);
    NDArray pulled = avg.add(Scalars.mul(ws.sub(avg), psi));
    if (cutoff >= StyleConfig.NUM_WS) {
      return pulled;
    }
    return NDArrays.concat(new ai.djl.ndarray.NDList(pulled.get(":, :" + cutoff), ws.get(":, " + cutoff + ":")), 1);
  }

  /**
   * The synthesis network.
   *
   * @param ws (B, NUM_WS, wDim): one latent per style layer
   * @param noise whether the layers add their noise
   * @return images (B, 784)
   */
  NDArray synthesize(NDArray ws, boolean noise, NDManager scope) {
    long b = ws.getShape().get(0);
    NDArray x = StyleLayers.scoped(constant.expandDims(0), ws).repeat(0, b); // (B, C, 7, 7)
    int size = 7;
    for (int i = 0; i < convs.length; i++) {
      if (i == 1 || i == 3) {
        x = StyleLayers.up2(x); // (B, C, 14, 14), then (B, C, 28, 28)
        size *= 2;
      }
      x = convs[i].forward(x, ws.get(":, " + i), noise ? StyleLayers.noise(scope, b, size, size) : null);
    }
    return toRgb.forward(x, ws.get(":, " + (StyleConfig.NUM_WS - 1)), null).reshape(b, 28 * 28); // (B, 784)
  }

  /** w (B, wDim) broadcast to every layer: (B, NUM_WS, wDim). */
  static NDArray broadcast(NDArray w) {
    return w.expandDims(1).repeat(1, StyleConfig.NUM_WS);
  }
}
