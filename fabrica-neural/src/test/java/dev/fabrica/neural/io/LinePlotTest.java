package dev.fabrica.neural.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
  @TempDir Path dir;

  @Test
  void writes_an_800_by_500_png_with_each_series_in_its_own_colour() throws IOException {
    double[] steps = {0, 100, 200, 300, 400};
    LinePlot.Series train = new LinePlot.Series("train", steps, new double[] {2.3, 1.1, 0.7, 0.5, 0.45});
    LinePlot.Series valid = new LinePlot.Series("valid", steps, new double[] {2.2, 1.3, 0.9, 0.8, 0.8});
    Path png = dir.resolve("loss.png");

    LinePlot.write(png, "loss", "step", "nats", List.of(train, valid));
    BufferedImage img = ImageIO.read(png.toFile());

    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(500);
    assertThat(count(img, LinePlot.PALETTE[0])).isGreaterThan(200);
    assertThat(count(img, LinePlot.PALETTE[1])).isGreaterThan(200);
    assertThat(count(img, LinePlot.PALETTE[2])).isZero();
  }

  @Test
  void skips_nan_points_and_still_draws_the_rest() throws IOException {
    LinePlot.Series s = new LinePlot.Series("loss", new double[] {0, 1, 2, 3},
        new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 0.5});
    Path png = dir.resolve("nan.png");

    LinePlot.write(png, "t", "x", "y", List.of(s));

    assertThat(count(ImageIO.read(png.toFile()), LinePlot.PALETTE[0])).isGreaterThan(200);
    assertThat(LinePlot.range(List.of(s), false)).containsExactly(0.5, 1.0);
  }

  @Test
  void degenerate_inputs_draw_without_failing() throws IOException {
    List<List<LinePlot.Series>> cases = List.of(
        List.of(),
        List.of(new LinePlot.Series("empty", new double[0], new double[0])),
        List.of(new LinePlot.Series("one point", new double[] {5}, new double[] {0.25})),
        List.of(new LinePlot.Series("flat", new double[] {0, 1, 2}, new double[] {3, 3, 3})),
        List.of(new LinePlot.Series("all nan", new double[] {0, 1}, new double[] {Double.NaN, Double.NaN})));
    for (int i = 0; i < cases.size(); i++) {
      Path png = dir.resolve("case" + i + ".png");

      LinePlot.write(png, "degenerate", "x", "y", cases.get(i));

      BufferedImage img = ImageIO.read(png.toFile());
      assertThat(img.getWidth()).as("case %d", i).isEqualTo(800);
    }
    BufferedImage one = ImageIO.read(dir.resolve("case2.png").toFile());
    assertThat(count(one, LinePlot.PALETTE[0])).as("a dot for the single point").isPositive();
  }

  @Test
  void nice_ticks_are_one_two_or_five_times_a_power_of_ten() {
    assertThat(LinePlot.niceTicks(0, 1, 5)).containsExactly(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1},
        within(1e-12));
    assertThat(LinePlot.niceTicks(0.45, 2.3, 5)).containsExactly(new double[] {0, 0.5, 1, 1.5, 2, 2.5},
        within(1e-12));
    assertThat(LinePlot.niceTicks(0, 9000, 5)).containsExactly(0, 2000, 4000, 6000, 8000, 10000);
  }

  @Test
  void tick_labels_carry_the_decimals_their_step_needs() {
    assertThat(LinePlot.format(0.4, 0.2)).isEqualTo("0.4");
    assertThat(LinePlot.format(2000, 2000)).isEqualTo("2000");
    assertThat(LinePlot.format(0.0025, 0.0005)).isEqualTo("0.0025");
    assertThat(LinePlot.format(3e7, 1e7)).isEqualTo("3.00e+07");
  }

  @Test
  void rejects_a_series_whose_x_and_y_lengths_differ() {
    assertThatThrownBy(() -> new LinePlot.Series("bad", new double[2], new double[3]))
        .hasMessageContaining("series 'bad' has 2 x values but 3 y values");
  }

  /** Pixels within a small distance of {@code c} (antialiasing blends the edges of a line). */
  private static int count(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int d = Math.abs((rgb >> 16 & 0xff) - c.getRed()) + Math.abs((rgb >> 8 & 0xff) - c.getGreen())
            + Math.abs((rgb & 0xff) - c.getBlue());
        if (d < 12) {
          n++;
        }
      }
    }
    return n;
  }
}
