package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.Torch;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training: a tiny corpus is learnt by heart; the corpus rules and their errors. */
class GptTrainerTest {
  @BeforeAll
  static void engine() {
    Torch.start(1);
  }

  /**
   * 24 distinct characters in a shuffled order, over and over: every character fixes the next, so
   * even a window's first position can be predicted and the loss can reach zero.
   */
  static String periodicText() {
    SplittableRandom r = new SplittableRandom(3);
    char[] unit = "abcdefghijklmnopqrstuvwx".toCharArray();
    for (int i = unit.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      char t = unit[i];
      unit[i] = unit[j];
      unit[j] = t;
    }
    return new String(unit).repeat(25);
  }

  @Test
  void overfits_a_tiny_corpus_to_near_zero_loss() {
    TextCorpus corpus = TextCorpus.of(periodicText(), "char", 0, "test text");
    GptConfig c = GptConfig.tiny().withVocabSize(corpus.tokenizer().vocabSize()).withMaxIters(300)
        .withSchedule(3e-3, 3e-4, 20, 300);
    try (NDManager m = NDManager.newBaseManager(); Gpt gpt = new Gpt(c, m)) {
      GptTrainer t = new GptTrainer(gpt, corpus.train(), corpus.val(), 1.0);
      double first = Double.NaN;
      double last = Double.NaN;
      for (int step = 0; step < c.maxIters(); step++) {
        try (NDManager s = m.newSubManager()) {
          last = t.trainStep(step, s).get("train_loss");
        }
        first = step == 0 ? last : first;
      }
      assertThat(first).as("starts near ln 24").isGreaterThan(2.5);
      assertThat(last).as("final training loss").isLessThan(0.05);
      try (NDManager s = m.newSubManager()) {
        Map<String, Double> eval = t.evaluate(s);
        assertThat(eval.get("val_loss")).as("the validation text repeats the same letters").isLessThan(0.1);
        assertThat(eval.get("val_bpc")).isCloseTo(eval.get("val_loss") / Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }

  @Test
  void splits_the_first_ninety_percent_of_characters_for_training() {
    String text = "😀一二三四五六七八九十abcdefghij"; // 21 code points, 22 UTF-16 units
    TextCorpus c = TextCorpus.of(text, "char", 0, "--text t.txt");
    assertThat(c.train()).hasSize(19);
    assertThat(c.valText()).isEqualTo("ij");
    assertThat(c.tokenizer().decode(c.train())).isEqualTo("😀一二三四五六七八九十abcdefgh");
  }

  @Test
  void an_empty_or_short_corpus_is_a_clear_error() {
    assertThatThrownBy(() -> TextCorpus.of("", "char", 0, "--text empty.txt"))
        .isInstanceOf(BadInputException.class).hasMessage("--text empty.txt is empty: a language model needs text to learn from");
    TextCorpus c = TextCorpus.of("abcdefghijklmnopqrstuvwxyz", "char", 0, "--text short.txt");
    assertThatThrownBy(() -> c.requireContext(64, "--text short.txt"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--text short.txt is too short for a context of 64 tokens")
        .hasMessageContaining("--block-size");
    assertThatThrownBy(() -> TextCorpus.of(periodicText(), "word", 0, "--text t"))
        .hasMessageContaining("--tokenizer must be char or bpe");
  }

  @Test
  void batches_depend_only_on_seed_and_step() {
    TextCorpus corpus = TextCorpus.of(periodicText(), "char", 0, "t");
    try (NDManager m = NDManager.newBaseManager()) {
      long[] a = GptTrainer.batch(corpus.train(), 16, 4, new SplittableRandom(GptTrainer.mix(1, 7)), m).get(0).toLongArray();
      long[] b = GptTrainer.batch(corpus.train(), 16, 4, new SplittableRandom(GptTrainer.mix(1, 7)), m).get(0).toLongArray();
      long[] other = GptTrainer.batch(corpus.train(), 16, 4, new SplittableRandom(GptTrainer.mix(1, 8)), m).get(0).toLongArray();
      assertThat(a).isEqualTo(b).isNotEqualTo(other);
    }
  }
}
