package dev.fabrica.classic.hmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import org.junit.jupiter.api.Test;

class TextSymbolsTest {
  @Test
  void letters_lowercases_drops_other_characters_and_collapses_spaces() {
    assertThat(TextSymbols.lettersOnly("  Hello,   World!\n\tIt's 42 o'clock. ")).isEqualTo("hello world its oclock");
    TextSymbols s = TextSymbols.letters();
    assertThat(s.size()).isEqualTo(27);
    assertThat(s.encode("Ab z")).containsExactly(1, 2, 0, 26);
    assertThat(s.decode(s.encode("Hello, World"))).isEqualTo("hello world");
  }

  @Test
  void chars_uses_the_sorted_unique_characters_including_non_ascii() {
    TextSymbols s = TextSymbols.chars("ba 天b");
    assertThat(s.alphabet()).containsExactly(" ", "a", "b", "天");
    assertThat(s.encode("天a")).containsExactly(3, 1);
    assertThat(s.decode(new int[] {2, 0, 3})).isEqualTo("b 天");
    assertThat(TextSymbols.ofAlphabet(s.alphabet()).encode("ab")).containsExactly(1, 2);
  }

  @Test
  void a_character_outside_the_alphabet_is_rejected_with_its_offset() {
    assertThatThrownBy(() -> TextSymbols.chars("abc").encode("abz"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("'z' at offset 2");
  }
}
