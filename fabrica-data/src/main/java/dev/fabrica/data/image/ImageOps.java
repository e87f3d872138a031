package dev.fabrica.data.image;

import dev.fabrica.data.table.Image;

/** Geometric transforms of 8-bit images that keep height, width and channels. */
public final class ImageOps {
  private ImageOps() {}

  /** Mirrors left to right: {@code out(y, x) = in(y, W-1-x)}. */
  public static Image flipH(Image im) {
    int h = im.height();
    int w = im.width();
    int c = im.channels();
    byte[] src = im.pixels();
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, (y * w + (w - 1 - x)) * c, dst, (y * w + x) * c, c);
      }
    }
    return new Image(h, w, c, dst);
  }

  /** Mirrors top to bottom: {@code out(y, x) = in(H-1-y, x)}. */
  public static Image flipV(Image im) {
    int h = im.height();
    int rowBytes = im.width() * im.channels();
    byte[] src = im.pixels();
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, (h - 1 - y) * rowBytes, dst, y * rowBytes, rowBytes);
    }
    return new Image(h, im.width(), im.channels(), dst);
  }

  /**
   * Rotates counter-clockwise by {@code degrees} about the centre ((W-1)/2, (H-1)/2) with bilinear
   * interpolation; pixels that come from outside the image are 0. For an output pixel at offset
   * (dx, dy) from the centre, the source is {@code (cx + dx cos t - dy sin t, cy + dx sin t + dy cos
   * t)} (y grows downwards). Values are rounded half up to 0..255.
   */
  public static Image rotate(Image im, double degrees) {
    int h = im.height();
    int w = im.width();
    int ch = im.channels();
    double[] cs = cosSin(degrees);
    double cos = cs[0];
    double sin = cs[1];
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    byte[] dst = new byte[im.pixels().length];
    for (int y = 0; y < h; y++) {
      double dy = y - cy;
      for (int x = 0; x < w; x++) {
        double dx = x - cx;
        double sx = cx + dx * cos - dy * sin;
        double sy = cy + dx * sin + dy * cos;
        for (int c = 0; c < ch; c++) {
          dst[(y * w + x) * ch + c] = (byte) toByte(bilinear(im, sy, sx, c));
        }
      }
    }
    return new Image(h, w, ch, dst);
  }

  /** Exact cosine and sine for multiples of 90 degrees, so that quarter turns move whole pixels. */
  private static double[] cosSin(double degrees) {
    double r = degrees % 360;
    if (r % 90 == 0) {
      int q = (int) Math.floorMod((long) (r / 90), 4L);
      return new double[] {new int[] {1, 0, -1, 0}[q], new int[] {0, 1, 0, -1}[q]};
    }
    double t = Math.toRadians(degrees);
    return new double[] {Math.cos(t), Math.sin(t)};
  }

  /**
   * The bilinear interpolation of channel {@code c} at the real position (y, x); neighbours outside
   * the image count as 0.
   */
  public static double bilinear(Image im, double y, double x, int c) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * at(im, y0, x0, c) + (fx == 0 ? 0 : fx * at(im, y0, x0 + 1, c));
    if (fy == 0) {
      return top;
    }
    double bottom = (1 - fx) * at(im, y0 + 1, x0, c) + (fx == 0 ? 0 : fx * at(im, y0 + 1, x0 + 1, c));
    return (1 - fy) * top + fy * bottom;
  }

  private static int at(Image im, int y, int x, int c) {
    if (y < 0 || x < 0 || y >= im.height() || x >= im.width()) {
      return 0;
    }
    return im.get(y, x, c);
  }

  private static int toByte(double v) {
    return (int) Math.max(0, Math.min(255, Math.floor(v + 0.5)));
  }
}
