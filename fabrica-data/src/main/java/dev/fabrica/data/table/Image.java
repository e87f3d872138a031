package dev.fabrica.data.table;

import java.util.Arrays;

/**
 * An 8-bit image, row-major, channels interleaved: {@code pixels[(y * width + x) * channels + c]}.
 *
 * @param height rows
 * @param width columns
 * @param channels 1 (grey), 3 (RGB) or 4 (RGBA)
 * @param pixels unsigned bytes, length height * width * channels
 */
public record Image(int height, int width, int channels, byte[] pixels) implements java.io.Serializable {
  public Image {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "image dimensions must be positive, got " + height + "x" + width + "x" + channels);
    }
    if (pixels.length != height * width * channels) {
      throw new IllegalArgumentException(
          "image of " + height + "x" + width + "x" + channels + " needs "
              + height * width * channels + " bytes, got " + pixels.length);
    }
  }

  /** The value 0..255 at (y, x, c). */
  public int get(int y, int x, int c) {
    return pixels[(y * width + x) * channels + c] & 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Image i
        && i.height == height
        && i.width == width
        && i.channels == channels
        && Arrays.equals(i.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "Image[" + height + "x" + width + "x" + channels + "]";
  }
}
