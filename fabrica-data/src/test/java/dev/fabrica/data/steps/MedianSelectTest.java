package dev.fabrica.data.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MedianSelectTest {
  private static double sortedMedian(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double median(double[] v) {
    FillMissingStep.DoubleList list = new FillMissingStep.DoubleList();
    for (double x : v) {
      list.add(x);
    }
    return list.median();
  }

  @Test
  void selection_gives_the_median_a_full_sort_gives_on_random_sorted_reversed_and_repetitive_data() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int n = 1; n <= 300; n++) {
      double[] random = rng.doubles(n, -10, 10).toArray();
      double[] few = rng.ints(n, 0, 3).asDoubleStream().toArray(); // many ties
      double[] sorted = random.clone();
      Arrays.sort(sorted);
      double[] reversed = new double[n];
      for (int i = 0; i < n; i++) {
        reversed[i] = sorted[n - 1 - i];
      }
      for (double[] v : new double[][] {random, few, sorted, reversed}) {
        assertThat(median(v)).as("n=%d %s", n, Arrays.toString(v)).isEqualTo(sortedMedian(v));
      }
    }
  }

  @Test
  void negative_zero_sorts_before_zero_as_in_arrays_sort() {
    assertThat(Double.doubleToRawLongBits(median(new double[] {0.0, -0.0, -0.0}))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(median(new double[] {3, 1, 2, 4})).isEqualTo(2.5);
    assertThat(median(new double[] {7})).isEqualTo(7);
  }

  @Test
  void the_kth_smallest_is_found_for_every_k() {
    double[] v = new SplittableRandom(9).doubles(1000).map(x -> Math.floor(x * 50)).toArray();
    double[] s = v.clone();
    Arrays.sort(s);
    for (int k = 0; k < v.length; k += 37) {
      assertThat(FillMissingStep.DoubleList.select(v.clone(), v.length, k)).isEqualTo(s[k]);
    }
  }
}
