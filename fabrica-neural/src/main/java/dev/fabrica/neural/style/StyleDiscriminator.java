package dev.fabrica.neural.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.nn.Scalars;

/**
 * The residual discriminator of StyleGAN2 at 28×28: fromRGB (1×1), two residual blocks (a 3×3
 * convolution, 2×2 average pooling and a second 3×3 convolution, or with
 * {@code downsampleFirst} off both convolutions before the pooling; a pooled 1×1 skip; summed and
 * divided by √2) down to
 * 7×7, a minibatch standard-deviation channel, a 3×3 convolution and two fully connected layers to
 * one logit per image; fromRGB and the first block's convolutions at 28×28 are
 * {@link StyleConfig#fineChannels} wide. Equalized learning rate throughout; the activation is a smooth leaky ReLU
 * ({@link StyleLayers#smoothAct}) so that R1's gradient can be taken by a central difference.
 */
final class StyleDiscriminator {
  static final int GROUP = 4;
  private final int channels;
  private final boolean downsampleFirst;
  private final StyleLayers.Conv fromRgb;
  private final StyleLayers.Conv[][] blocks = new StyleLayers.Conv[2][3];
  private final StyleLayers.Conv last;
  private final StyleLayers.Dense fc;
  private final StyleLayers.Dense out;

  StyleDiscriminator(StyleConfig c, Params p) {
    int ch = c.channels();
    this.channels = ch;
    this.downsampleFirst = c.downsampleFirst();
    int fine = c.fineChannels();
    fromRgb = StyleLayers.Conv.create(p, "d.fromrgb", 1, fine, 1, true);
    for (int b = 0; b < 2; b++) {
      int in = b == 0 ? fine : ch; // block 0 reads the 28×28 maps
      blocks[b][0] = StyleLayers.Conv.create(p, "d.block" + b + ".conv0", in, in, 3, true);
      blocks[b][1] = StyleLayers.Conv.create(p, "d.block" + b + ".conv1", in, ch, 3, true);
      blocks[b][2] = StyleLayers.Conv.create(p, "d.block" + b + ".skip", in, ch, 1, false);
    }
    last = StyleLayers.Conv.create(p, "d.epilogue.conv", ch + 1, ch, 3, true);
    fc = StyleLayers.Dense.create(p, "d.epilogue.fc", ch * 49, ch, 1, 0);
    out = StyleLayers.Dense.create(p, "d.epilogue.out", ch, 1, 1, 0);
  }

  /** Images (B, 784) in [-1, 1] → logits (B). */
  NDArray forward(NDArray images) {
    long b = images.getShape().get(0);
    NDArray x = StyleLayers.smoothAct(fromRgb.forward(images.reshape(b, 1, 28, 28))); // (B, C, 28, 28)
    for (StyleLayers.Conv[] blk : blocks) {
      NDArray y = StyleLayers.smoothAct(blk[0].forward(x));
      y = downsampleFirst ? StyleLayers.smoothAct(blk[1].forward(StyleLayers.down2(y))) : StyleLayers.down2(StyleLayers.smoothAct(blk[1].forward(y)));
      NDArray skip = blk[2].forward(StyleLayers.down2(x));
      x = Scalars.div(y.add(skip), StyleLayers.SQRT2); // (B, C, 14, 14), then (B, C, 7, 7)
    }
    x = NDArrays.concat(new NDList(x, minibatchStd(x)), 1); // (B, C+1, 7, 7)
    x = StyleLayers.smoothAct(last.forward(x)); // (B, C, 7, 7)
    x = StyleLayers.smoothAct(fc.forward(x.reshape(b, channels * 49L))); // (B, C)
    return out.forward(x).reshape(b); // (B)
  }

  /**
   * The standard deviation of each feature over groups of {@link #GROUP} images (or the whole batch
   * when it does not divide), averaged to one number per group and given to its images as an extra
   * channel, so D can see a batch that lacks variety (mode collapse).
   *
   * @param x (B, C, H, W)
   * @return (B, 1, H, W)
   */
  static NDArray minibatchStd(NDArray x) {
    long b = x.getShape().get(0);
    long c = x.getShape().get(1);
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    long g = b % GROUP == 0 ? Math.min(GROUP, b) : b;
    NDArray y = x.reshape(g, b / g, c, h, w); // (G, M, C, H, W): image m of each group
    y = y.sub(y.mean(new int[] {0}, true));
    y = Scalars.add(y.square().mean(new int[] {0}), 1e-8).sqrt(); // (M, C, H, W)
    y = StyleLayers.mean(y, 1, 2, 3); // (M)
    return y.reshape(1, b / g, 1, 1, 1).repeat(0, g).reshape(b, 1, 1, 1).repeat(2, h).repeat(3, w); // (B, 1, H, W)
  }
}
