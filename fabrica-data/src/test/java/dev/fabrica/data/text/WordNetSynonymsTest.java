package dev.fabrica.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WordNetSynonymsTest {
  @Test
  void gives_real_english_synonyms_without_the_word_itself() {
    assertThat(WordNetSynonyms.shared().of("happy")).contains("glad").doesNotContain("happy");
    assertThat(WordNetSynonyms.shared().of("Quick")).contains("speedy");
    assertThat(WordNetSynonyms.shared().of("高兴")).isEmpty();
    assertThat(WordNetSynonyms.shared().of("happy")).allMatch(s -> !s.contains(" "));
  }

  @Test
  void eda_replaces_a_word_with_a_wordnet_synonym() {
    Eda eda = new Eda(WordNetSynonyms.shared(), Set.of(), 1);
    String out = eda.augment("we are happy", Eda.Op.SYNONYM, 0.1, new SplittableRandom(7));
    assertThat(out).startsWith("we are ");
    assertThat(WordNetSynonyms.shared().of("happy")).contains(out.substring("we are ".length()));
  }
}
