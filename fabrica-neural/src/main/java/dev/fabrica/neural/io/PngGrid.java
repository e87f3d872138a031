package dev.fabrica.neural.io;

import dev.fabrica.core.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Writes images held as flat float arrays to PNG: a grid of tiles, a strip, or a single image.
 * Values map linearly from [lo, hi] to 0..255 (clipped, NaN to 0); one channel gives a grayscale
 * PNG, three an RGB one read channel-first (C, H, W) per image. Each tile is enlarged by an integer
 * factor (nearest neighbour) and tiles are separated by {@value #PAD} pixels of mid grey, visible
 * against both black and white backgrounds.
 */
public final class PngGrid {
  /** Pixels between neighbouring tiles. */
  public static final int PAD = 2;

  private static final int PAD_GREY = 128;

  private PngGrid() {}

  /**
   * Writes the first {@code n} images as a grid {@code columns} wide, row by row, atomically.
   *
   * @param images at least n·C·H·W values, image-major, each image (C, H, W)
   * @param channels 1 (grayscale) or 3 (RGB)
   * @param lo the value shown black
   * @param hi the value shown white (full intensity)
   * @param scale how many output pixels wide and high each image pixel becomes, at least 1
   */
  public static void write(Path file, float[] images, int n, int channels, int height, int width,
      int columns, float lo, float hi, int scale) {
    BufferedImage img = render(images, n, channels, height, width, columns, lo, hi, scale);
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("no PNG writer in this JVM");
      }
    });
  }

  /** Writes the n images in one row, e.g. an interpolation between two latent points. */
  public static void strip(Path file, float[] images, int n, int channels, int height, int width,
      float lo, float hi, int scale) {
    write(file, images, n, channels, height, width, n, lo, hi, scale);
  }

  /** Writes one (C, H, W) image on its own, with no padding. */
  public static void writeSingle(Path file, float[] image, int channels, int height, int width,
      float lo, float hi, int scale) {
    write(file, image, 1, channels, height, width, 1, lo, hi, scale);
  }

  /** Draws the grid {@link #write} saves. */
  static BufferedImage render(float[] images, int n, int channels, int height, int width,
      int columns, float lo, float hi, int scale) {
    check(images, n, channels, height, width, columns, lo, hi, scale);
    int cols = Math.min(columns, n);
    int rows = (n + cols - 1) / cols;
    int tileW = width * scale;
    int tileH = height * scale;
    int outW = Math.toIntExact((long) cols * tileW + (long) (cols - 1) * PAD);
    int outH = Math.toIntExact((long) rows * tileH + (long) (rows - 1) * PAD);
    Math.multiplyExact(outW, outH); // fails rather than allocating a wrapped size
    boolean gray = channels == 1;
    BufferedImage img =
        new BufferedImage(outW, outH, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    byte[] g = gray ? ((DataBufferByte) img.getRaster().getDataBuffer()).getData() : null;
    int[] rgb = gray ? null : ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    if (gray) {
      Arrays.fill(g, (byte) PAD_GREY);
    } else {
      Arrays.fill(rgb, PAD_GREY * 0x010101);
    }
    float k = 255f / (hi - lo);
    int plane = height * width;
    for (int i = 0; i < n; i++) {
      int x0 = (i % cols) * (tileW + PAD);
      int y0 = (i / cols) * (tileH + PAD);
      int base = i * channels * plane;
      for (int y = 0; y < tileH; y++) {
        int src = base + (y / scale) * width;
        int dst = (y0 + y) * outW + x0;
        for (int x = 0; x < tileW; x++) {
          int s = src + x / scale;
          if (gray) {
            g[dst + x] = (byte) level(images[s], lo, k);
          } else {
            rgb[dst + x] = level(images[s], lo, k) << 16
                | level(images[s + plane], lo, k) << 8
                | level(images[s + 2 * plane], lo, k);
          }
        }
      }
    }
    return img;
  }

  /** (v − lo)·255/(hi − lo), rounded and clipped to 0..255; NaN is 0. */
  static int level(float v, float lo, float k) {
    float f = (v - lo) * k;
    if (!(f > 0f)) {
      return 0;
    }
    return f >= 255f ? 255 : Math.round(f);
  }

  private static void check(float[] images, int n, int channels, int height, int width,
      int columns, float lo, float hi, int scale) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (n < 1 || height < 1 || width < 1 || columns < 1 || scale < 1) {
      throw new IllegalArgumentException("n, height, width, columns and scale must be >= 1, got n="
          + n + " height=" + height + " width=" + width + " columns=" + columns + " scale=" + scale);
    }
    if (!(hi > lo) || Float.isInfinite(hi - lo)) {
      throw new IllegalArgumentException("need finite lo < hi, got lo=" + lo + " hi=" + hi);
    }
    long need = (long) n * channels * height * width;
    if (images.length < need) {
      throw new IllegalArgumentException(n + " images of " + channels + "x" + height + "x" + width
          + " need " + need + " values, got " + images.length);
    }
  }
}
