package dev.fabrica.neural.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import org.junit.jupiter.api.Test;

class BitsPerCharTest {
  @Test
  void divides_nats_by_ln2_and_by_code_points_not_utf16_units() {
    // 4 code points (one is supplementary: 5 UTF-16 units); 4 ln 2 nats = 4 bits -> 1 bit/char
    assertThat(BitsPerChar.of(4 * Math.log(2), "秋a😀b")).isCloseTo(1.0, within(1e-12));
    assertThat(BitsPerChar.of(Math.log(2), "ab")).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void rejects_an_empty_text() {
    assertThatThrownBy(() -> BitsPerChar.of(1.0, "")).isInstanceOf(BadInputException.class);
  }
}
