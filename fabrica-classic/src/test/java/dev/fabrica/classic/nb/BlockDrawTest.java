package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockDrawTest {
  @Test
  void bisection_over_running_sums_draws_exactly_what_the_linear_scan_draws() {
    SplittableRandom gen = new SplittableRandom(9);
    for (int size : new int[] {1, 2, 3, 7, 64, 1000}) {
      double[] w = new double[size];
      double total = 0;
      for (int k = 0; k < size; k++) {
        // some zero-probability entries, as unseen tokens with alpha 0 would give
        w[k] = gen.nextInt(5) == 0 ? 0 : gen.nextDouble();
        total += w[k];
      }
      double[] logP = new double[size];
      for (int k = 0; k < size; k++) {
        logP[k] = total > 0 ? Math.log(w[k] / total) : Math.log(1.0 / size);
      }
      double[] cum = Block.cumulative(logP);
      SplittableRandom a = new SplittableRandom(size);
      SplittableRandom b = new SplittableRandom(size);
      for (int i = 0; i < 20_000; i++) {
        assertThat(Block.drawCumulative(cum, b)).as("size " + size + ", draw " + i).isEqualTo(Block.drawLog(logP, a));
      }
    }
  }

  @Test
  void a_sum_that_rounds_below_one_falls_to_the_last_index_like_the_scan() {
    double[] logP = {Math.log(0.25), Math.log(0.25), Math.log(0.25)}; // sums to 0.75: u above it goes to the end
    double[] cum = Block.cumulative(logP);
    SplittableRandom a = new SplittableRandom(1);
    SplittableRandom b = new SplittableRandom(1);
    int last = 0;
    for (int i = 0; i < 1000; i++) {
      int k = Block.drawCumulative(cum, b);
      assertThat(k).isEqualTo(Block.drawLog(logP, a));
      last += k == 2 ? 1 : 0;
    }
    assertThat(last).isBetween(420, 580); // P = 0.25 + 0.25 of the leftover
  }
}
