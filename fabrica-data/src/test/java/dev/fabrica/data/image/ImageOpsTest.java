package dev.fabrica.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.data.table.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageOpsTest {
  private static Image grey(int h, int w, int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return new Image(h, w, 1, b);
  }

  private static Image random(int h, int w, int c, long seed) {
    byte[] b = new byte[h * w * c];
    new SplittableRandom(seed).nextBytes(b);
    return new Image(h, w, c, b);
  }

  @Test
  void hflip_mirrors_each_row_of_a_2x3_image() {
    assertThat(ImageOps.flipH(grey(2, 3, 1, 2, 3, 4, 5, 6))).isEqualTo(grey(2, 3, 3, 2, 1, 6, 5, 4));
    Image rgb = new Image(1, 2, 3, new byte[] {1, 2, 3, 4, 5, 6});
    assertThat(ImageOps.flipH(rgb).pixels()).containsExactly(4, 5, 6, 1, 2, 3);
  }

  @Test
  void vflip_mirrors_the_rows_of_a_2x3_image() {
    assertThat(ImageOps.flipV(grey(2, 3, 1, 2, 3, 4, 5, 6))).isEqualTo(grey(2, 3, 4, 5, 6, 1, 2, 3));
  }

  @Test
  void flipping_twice_is_the_identity() {
    Image im = random(5, 7, 3, 1);
    assertThat(ImageOps.flipH(ImageOps.flipH(im))).isEqualTo(im);
    assertThat(ImageOps.flipV(ImageOps.flipV(im))).isEqualTo(im);
  }

  @Test
  void rotating_by_zero_is_the_identity() {
    Image im = random(6, 9, 3, 2);
    assertThat(ImageOps.rotate(im, 0)).isEqualTo(im);
    assertThat(ImageOps.rotate(im, 360)).isEqualTo(im);
  }

  @Test
  void rotating_a_square_by_90_degrees_is_transpose_then_vertical_flip() {
    int n = 5;
    Image im = random(n, n, 2, 3);
    Image out = ImageOps.rotate(im, 90);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        for (int c = 0; c < 2; c++) {
          // counter-clockwise: out(y, x) = in(x, n-1-y)
          assertThat(out.get(y, x, c)).isEqualTo(im.get(x, n - 1 - y, c));
        }
      }
    }
    assertThat(ImageOps.rotate(ImageOps.rotate(out, 90), 180)).isEqualTo(im);
  }

  @Test
  void bilinear_at_half_pixels_averages_neighbours_and_counts_outside_as_zero() {
    Image im = grey(2, 2, 10, 20, 30, 40);
    assertThat(ImageOps.bilinear(im, 0.5, 0.5, 0)).isCloseTo(25.0, within(1e-12));
    assertThat(ImageOps.bilinear(im, 0, 0.5, 0)).isCloseTo(15.0, within(1e-12));
    // (0.5*20 + 0.5*0) * 0.5 + (0.5*40 + 0.5*0) * 0.5
    assertThat(ImageOps.bilinear(im, 0.5, 1.5, 0)).isCloseTo(15.0, within(1e-12));
    assertThat(ImageOps.bilinear(im, 0.25, 0, 0)).isCloseTo(15.0, within(1e-12));
  }

  @Test
  void rotating_by_45_degrees_keeps_the_centre_and_blanks_the_corners() {
    Image im = grey(3, 3, 9, 9, 9, 9, 200, 9, 9, 9, 9);
    Image out = ImageOps.rotate(im, 45);
    assertThat(out.get(1, 1, 0)).isEqualTo(200);
    // corner (0,0) has dx = dy = -1: its source is x = 1, y = 1 - sqrt(2) ~ -0.414, between the
    // outside row y = -1 (0) and pixel (0, 1) = 9, weighted 2 - sqrt(2): 9 * 0.586 = 5.27 -> 5
    assertThat(out.get(0, 0, 0)).isEqualTo(5);
  }
}
