package dev.fabrica.neural.t2i;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptFeaturesTest {
  @Test
  void chinese_gives_characters_and_adjacent_pairs() {
    assertThat(PromptFeatures.of("一双运动鞋")).containsExactly(
        "c:一", "b:一双", "c:双", "b:双运", "c:运", "b:运动", "c:动", "b:动鞋", "c:鞋");
  }

  @Test
  void words_give_the_word_and_its_marked_trigrams_and_keep_inner_hyphens() {
    assertThat(PromptFeatures.of("Boot")).containsExactly("w:boot", "g:<bo", "g:boo", "g:oot", "g:ot>");
    assertThat(PromptFeatures.of("a t-shirt!")).contains("w:a", "w:t-shirt", "g:t-s").doesNotContain("w:t", "w:shirt");
    // a trailing hyphen is punctuation, not part of the word
    assertThat(PromptFeatures.of("shoe-")).contains("w:shoe").doesNotContain("w:shoe-");
  }

  @Test
  void full_width_letters_and_case_read_like_ascii_and_mixed_scripts_split_at_the_boundary() {
    assertThat(PromptFeatures.of("ＢＡＧ")).isEqualTo(PromptFeatures.of("bag"));
    assertThat(PromptFeatures.of("T恤")).containsExactly("w:t", "g:<t>", "c:恤");
  }

  @Test
  void emoji_and_punctuation_give_no_features() {
    assertThat(PromptFeatures.of("🙂 ... !!")).isEmpty();
  }
}
