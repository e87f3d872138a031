package dev.fabrica.neural.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-class figures of a conditional model, on features small enough to check by hand. */
class ImageScoresWithinClassTest {
  // real class 0: the four unit points around the origin, mean 0, variance 2/3 per axis (n − 1),
  // so trace 4/3; real class 1: the same shape around (10, 10)
  static final double[][] REAL = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {11, 10}, {9, 10}, {10, 11}, {10, 9}};
  static final int[] REAL_LABELS = {0, 0, 0, 0, 1, 1, 1, 1};

  @Test
  void a_class_drawn_as_one_image_has_no_spread_and_its_fid_is_the_real_variance() {
    // class 0 collapsed onto the real mean; class 1 exactly the real images
    double[][] fake = {{0, 0}, {0, 0}, {0, 0}, {11, 10}, {9, 10}, {10, 11}, {10, 9}};
    int[] classes = {0, 0, 0, 1, 1, 1, 1};
    Map<String, Object> m = ImageScores.withinClass(fake, classes, REAL, REAL_LABELS, 2);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Double>> per = (Map<String, Map<String, Double>>) m.get("per_class");
    assertThat(per.get("0").get("spread")).isEqualTo(0.0);
    assertThat(per.get("0").get("fid")).isCloseTo(4.0 / 3, within(1e-9)); // |Δμ|² 0 + tr Σr + tr Σf 0 − 0
    assertThat(per.get("1").get("spread")).isCloseTo(1.0, within(1e-12));
    assertThat(per.get("1").get("fid")).isCloseTo(0.0, within(1e-6));
    assertThat((double) m.get("class_spread")).isCloseTo(0.5, within(1e-12));
    assertThat((double) m.get("class_fid")).isCloseTo(2.0 / 3, within(1e-6));
  }

  @Test
  void samples_twice_as_spread_and_shifted_give_the_textbook_distance() {
    // class 0 as the real points scaled by 2 and moved by (3, 4): |Δμ|² = 25, Σf = 4Σr, so
    // FID = 25 + tr Σr + 4 tr Σr − 2·2·tr Σr = 25 + tr Σr = 25 + 4/3; spread 4
    double[][] fake = {{5, 4}, {1, 4}, {3, 6}, {3, 2}};
    int[] classes = {0, 0, 0, 0};
    Map<String, Object> m = ImageScores.withinClass(fake, classes, REAL, REAL_LABELS, 2);
    assertThat((double) m.get("class_spread")).isCloseTo(4.0, within(1e-12));
    assertThat((double) m.get("class_fid")).isCloseTo(25 + 4.0 / 3, within(1e-6));
    @SuppressWarnings("unchecked")
    Map<String, Object> per = (Map<String, Object>) m.get("per_class");
    assertThat(per).containsOnlyKeys("0"); // class 1 had no samples
  }
}
