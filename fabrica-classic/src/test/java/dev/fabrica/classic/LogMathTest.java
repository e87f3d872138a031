package dev.fabrica.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogMathTest {
  @Test
  void log_sum_exp_is_exact_on_small_values_and_stable_on_large_ones() {
    assertThat(LogMath.logSumExp(Math.log(1), Math.log(2), Math.log(3))).isCloseTo(Math.log(6), within(1e-15));
    assertThat(LogMath.logSumExp(1000, 1000)).isCloseTo(1000 + Math.log(2), within(1e-12));
    assertThat(LogMath.logSumExp(-1000, -1000)).isCloseTo(-1000 + Math.log(2), within(1e-12));
  }

  @Test
  void all_impossible_terms_give_minus_infinity_not_nan() {
    double n = Double.NEGATIVE_INFINITY;
    assertThat(LogMath.logSumExp(n, n)).isEqualTo(n);
    assertThat(LogMath.logAddExp(n, n)).isEqualTo(n);
    assertThat(LogMath.logAddExp(n, Math.log(0.5))).isEqualTo(Math.log(0.5));
    assertThat(LogMath.safeLog(0)).isEqualTo(n);
  }
}
