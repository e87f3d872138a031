package dev.fabrica.neural.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngGridTest {
  @TempDir Path dir;

  /** Five 2×2 grayscale images in [-1, 1]: image i is filled with -1 + i/2, pixel (1, 1) is 1. */
  private static float[] grayImages() {
    float[] v = new float[5 * 4];
    for (int i = 0; i < 5; i++) {
      for (int p = 0; p < 4; p++) {
        v[i * 4 + p] = p == 3 ? 1f : -1f + i / 2f;
      }
    }
    return v;
  }

  @Test
  void grayscale_grid_places_scaled_tiles_row_by_row_with_padding() throws IOException {
    Path file = dir.resolve("grid.png");

    PngGrid.write(file, grayImages(), 5, 1, 2, 2, 3, -1f, 1f, 2);
    BufferedImage img = ImageIO.read(file.toFile());

    // 3 columns and 2 rows of 4×4 tiles with 2 pixels between them
    assertThat(img.getWidth()).isEqualTo(3 * 4 + 2 * 2);
    assertThat(img.getHeight()).isEqualTo(2 * 4 + 2);
    assertThat(img.getRaster().getNumBands()).isEqualTo(1);
    // tile i's top-left at ((i % 3) * 6, (i / 3) * 6); its value -1 + i/2 maps to round(i * 63.75)
    int[] expected = {0, 64, 128, 191, 255};
    for (int i = 0; i < 5; i++) {
      int x = (i % 3) * 6;
      int y = (i / 3) * 6;
      assertThat(gray(img, x, y)).as("tile %d", i).isEqualTo(expected[i]);
      assertThat(gray(img, x + 1, y + 1)).as("tile %d, scaled pixel", i).isEqualTo(expected[i]);
      assertThat(gray(img, x + 3, y + 3)).as("tile %d, its white corner", i).isEqualTo(255);
    }
    assertThat(gray(img, 4, 0)).as("padding").isEqualTo(128);
  }

  @Test
  void rgb_tiles_read_channel_first_images() throws IOException {
    // two 1×2 RGB images: image 0 is (red, green), image 1 is (blue, white), in [0, 1]
    float[] chw = {
      1, 0, /* R */ 0, 1, /* G */ 0, 0, /* B */
      0, 1, /* R */ 0, 1, /* G */ 1, 1 /* B */
    };
    Path file = dir.resolve("rgb.png");

    PngGrid.write(file, chw, 2, 3, 1, 2, 2, 0f, 1f, 1);
    BufferedImage img = ImageIO.read(file.toFile());

    assertThat(img.getWidth()).isEqualTo(2 + 2 + 2);
    assertThat(img.getHeight()).isEqualTo(1);
    assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
    assertThat(img.getRGB(1, 0) & 0xffffff).isEqualTo(0x00ff00);
    assertThat(img.getRGB(4, 0) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(img.getRGB(5, 0) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void values_outside_the_range_are_clipped_and_nan_is_black() throws IOException {
    Path file = dir.resolve("one.png");

    PngGrid.writeSingle(file, new float[] {-5f, 7f, Float.NaN, 0.5f}, 1, 1, 4, 0f, 1f, 1);
    BufferedImage img = ImageIO.read(file.toFile());

    assertThat(img.getWidth()).isEqualTo(4);
    assertThat(new int[] {gray(img, 0, 0), gray(img, 1, 0), gray(img, 2, 0), gray(img, 3, 0)})
        .containsExactly(0, 255, 0, 128);
  }

  @Test
  void strip_puts_every_image_in_one_row() throws IOException {
    Path file = dir.resolve("strip.png");

    PngGrid.strip(file, grayImages(), 5, 1, 2, 2, -1f, 1f, 1);
    BufferedImage img = ImageIO.read(file.toFile());

    assertThat(img.getWidth()).isEqualTo(5 * 2 + 4 * 2);
    assertThat(img.getHeight()).isEqualTo(2);
    assertThat(gray(img, 16, 0)).isEqualTo(255);
  }

  @Test
  void rejects_too_few_values_and_unsupported_channels() {
    assertThatThrownBy(() -> PngGrid.write(dir.resolve("x.png"), new float[7], 2, 1, 2, 2, 2, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 images of 1x2x2 need 8 values, got 7");
    assertThatThrownBy(() -> PngGrid.write(dir.resolve("x.png"), new float[8], 1, 2, 2, 2, 1, 0, 1, 1))
        .hasMessageContaining("channels must be 1 or 3, got 2");
  }

  private static int gray(BufferedImage img, int x, int y) {
    return img.getRaster().getSample(x, y, 0);
  }
}
