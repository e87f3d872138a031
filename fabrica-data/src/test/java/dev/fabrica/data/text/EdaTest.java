package dev.fabrica.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.data.text.Eda.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EdaTest {
  private static final String SENTENCE = "the quick brown fox jumps over the lazy dog";
  private static final List<String> WORDS = Arrays.asList(SENTENCE.split(" "));
  private static final SynonymFile SYN =
      SynonymFile.parse(
          List.of("quick fast speedy  # adjectives", "lazy, idle", "jumps leaps", "dog hound",
              "the thy", "# a comment line"));
  private static final Eda EDA = new Eda(SYN, SYN.cjkWords(), SYN.maxCjkLength());

  private static List<String> words(String s) {
    return Arrays.asList(s.split(" "));
  }

  @Test
  void changes_at_least_one_word_and_round_p_times_words() {
    assertThat(Eda.changes(0.1, 3)).isEqualTo(1);
    assertThat(Eda.changes(0.2, 9)).isEqualTo(2);
    assertThat(Eda.changes(0.5, 9)).isEqualTo(5);
  }

  @Test
  void swap_keeps_the_multiset_of_words() {
    boolean changed = false;
    for (int seed = 0; seed < 20; seed++) {
      String out = EDA.augment(SENTENCE, Op.SWAP, 0.2, new SplittableRandom(seed));
      assertThat(words(out)).containsExactlyInAnyOrderElementsOf(WORDS);
      changed |= !out.equals(SENTENCE);
    }
    assertThat(changed).isTrue();
  }

  @Test
  void delete_only_removes_words_and_keeps_at_least_one() {
    boolean deleted = false;
    for (int seed = 0; seed < 50; seed++) {
      List<String> out = words(EDA.augment(SENTENCE, Op.DELETE, 0.3, new SplittableRandom(seed)));
      assertThat(isSubsequence(out, WORDS)).as("%s", out).isTrue();
      assertThat(out).isNotEmpty();
      deleted |= out.size() < WORDS.size();
    }
    assertThat(deleted).isTrue();
    assertThat(EDA.augment(SENTENCE, Op.DELETE, 1.0, new SplittableRandom(1)).split(" ")).hasSize(1);
    assertThat(EDA.augment("alone", Op.DELETE, 1.0, new SplittableRandom(1))).isEqualTo("alone");
  }

  @Test
  void insert_adds_exactly_n_synonyms_of_words_in_the_sentence() {
    for (int seed = 0; seed < 20; seed++) {
      List<String> out = words(EDA.augment(SENTENCE, Op.INSERT, 0.2, new SplittableRandom(seed)));
      assertThat(out).hasSize(WORDS.size() + 2);
      List<String> added = new ArrayList<>(out);
      WORDS.forEach(added::remove);
      assertThat(added).hasSize(2);
      for (String w : added) {
        assertThat(WORDS.stream().anyMatch(o -> SYN.of(o).contains(w))).as(w).isTrue();
      }
    }
  }

  @Test
  void synonym_replacement_replaces_only_non_stop_words_that_have_synonyms() {
    boolean changed = false;
    for (int seed = 0; seed < 20; seed++) {
      List<String> out = words(EDA.augment(SENTENCE, Op.SYNONYM, 0.2, new SplittableRandom(seed)));
      assertThat(out).hasSize(WORDS.size());
      int replaced = 0;
      for (int i = 0; i < out.size(); i++) {
        if (!out.get(i).equals(WORDS.get(i))) {
          replaced++;
          assertThat(WORDS.get(i)).isNotEqualTo("the");
          assertThat(SYN.of(WORDS.get(i))).contains(out.get(i));
        }
      }
      assertThat(replaced).isEqualTo(2);
      changed = true;
    }
    assertThat(changed).isTrue();
  }

  @Test
  void keeps_punctuation_and_capitals_around_a_replaced_word() {
    String out = EDA.augment("Quick!", Op.SYNONYM, 0.1, new SplittableRandom(3));
    assertThat(out).isIn("Fast!", "Speedy!");
  }

  @Test
  void the_same_generator_state_gives_the_same_result() {
    for (Op op : Op.values()) {
      assertThat(EDA.augment(SENTENCE, op, 0.3, new SplittableRandom(42)))
          .isEqualTo(EDA.augment(SENTENCE, op, 0.3, new SplittableRandom(42)));
    }
  }

  @Test
  void replaces_a_chinese_word_from_a_user_synonym_file() {
    SynonymFile zh = SynonymFile.parse(List.of("高兴 快乐 开心", "今天，今日", "天气 气候"));
    Eda eda = new Eda(zh, zh.cjkWords(), zh.maxCjkLength());
    Set<String> seen = new java.util.HashSet<>();
    for (int seed = 0; seed < 30; seed++) {
      String out = eda.augment("今天我很高兴", Op.SYNONYM, 0.1, new SplittableRandom(seed));
      assertThat(out).isIn("今日我很高兴", "今天我很快乐", "今天我很开心");
      seen.add(out);
    }
    assertThat(seen).hasSizeGreaterThan(1);
  }

  @Test
  void swapping_chinese_words_joins_them_without_spaces() {
    SynonymFile zh = SynonymFile.parse(List.of("今天 今日", "天气 气候", "不错 很好"));
    Eda eda = new Eda(zh, zh.cjkWords(), zh.maxCjkLength());
    String out = eda.augment("今天天气不错", Op.SWAP, 0.5, new SplittableRandom(5));
    assertThat(out).doesNotContain(" ").hasSize(6);
    assertThat(out.chars().sorted().toArray()).isEqualTo("今天天气不错".chars().sorted().toArray());
  }

  private static boolean isSubsequence(List<String> sub, List<String> all) {
    int j = 0;
    for (String w : all) {
      if (j < sub.size() && sub.get(j).equals(w)) {
        j++;
      }
    }
    return j == sub.size();
  }
}
