package dev.fabrica.neural.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteBpeTokenizerTest {
  @TempDir Path dir;

  private static final String CORPUS =
      ("the cat sat on the mat. the cat ate the rat.\n"
              + "给我写一首关于秋天的诗。秋天的诗很美。\n"
              + "love ❤️ family 👨‍👩‍👧\r\n")
          .repeat(20);

  @Test
  void round_trips_ascii_chinese_emoji_whitespace_and_empty_text() {
    ByteBpeTokenizer tok = ByteBpeTokenizer.train(CORPUS, 400);
    for (String text : TextSamples.TRICKY) {
      assertThat(tok.decode(tok.encode(text))).isEqualTo(text);
    }
    assertThat(tok.encode("")).isEmpty();
  }

  @Test
  void untrained_tokenizer_encodes_utf8_bytes() {
    ByteBpeTokenizer bytes = new ByteBpeTokenizer(new int[0][]);
    assertThat(bytes.vocabSize()).isEqualTo(256);
    assertThat(bytes.encode("a秋")).containsExactly(0x61, 0xE7, 0xA7, 0x8B);
  }

  @Test
  void first_merge_is_the_most_frequent_pair_with_ties_to_the_smallest_ids() {
    // (a, b) x3 and (c, d) x3 tie, and 'a' < 'c', so (a, b) first; then (c, d)
    ByteBpeTokenizer tok = ByteBpeTokenizer.train("ab\nab\nab\ncd\ncd\ncd", 258);
    assertThat(tok.merges()[0]).containsExactly('a', 'b');
    assertThat(tok.merges()[1]).containsExactly('c', 'd');
  }

  @Test
  void training_is_deterministic_and_respects_the_vocabulary_size() {
    ByteBpeTokenizer first = ByteBpeTokenizer.train(CORPUS, 300);
    ByteBpeTokenizer second = ByteBpeTokenizer.train(CORPUS, 300);
    assertThat(first.vocabSize()).isEqualTo(300);
    assertThat(second.merges()).isDeepEqualTo(first.merges());
    for (int id : first.encode(CORPUS)) {
      assertThat(id).isBetween(0, 299);
    }
  }

  @Test
  void training_stops_when_no_pair_occurs_twice() {
    // (a, b) then (ab, c); (abc, abc) occurs once, so training stops at 258
    ByteBpeTokenizer tok = ByteBpeTokenizer.train("abcabc", 10_000);
    assertThat(tok.vocabSize()).isEqualTo(258);
    assertThat(tok.encode("abcabc")).containsExactly(257, 257);
  }

  @Test
  void compresses_a_repetitive_corpus() {
    ByteBpeTokenizer tok = ByteBpeTokenizer.train(CORPUS, 500);
    int bytes = CORPUS.getBytes(StandardCharsets.UTF_8).length;
    assertThat(tok.encode(CORPUS).length).isLessThan(bytes / 4);
  }

  @Test
  void save_and_load_give_identical_encodings() throws Exception {
    ByteBpeTokenizer tok = ByteBpeTokenizer.train(CORPUS, 320);
    Path file = dir.resolve("tokenizer.json");
    tok.save(file);
    assertThat(Files.readString(file)).contains("\"kind\" : \"bpe\"");
    Tokenizer loaded = Tokenizer.load(file);
    assertThat(loaded).isInstanceOf(ByteBpeTokenizer.class);
    assertThat(loaded.vocabSize()).isEqualTo(320);
    assertThat(loaded.encode(CORPUS)).isEqualTo(tok.encode(CORPUS));
  }

  @Test
  void rejects_bad_input_with_clear_messages() throws Exception {
    assertThatThrownBy(() -> ByteBpeTokenizer.train("abc", 100))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("100");
    assertThatThrownBy(() -> ByteBpeTokenizer.train("", 300)).isInstanceOf(BadInputException.class);
    ByteBpeTokenizer tok = ByteBpeTokenizer.train(CORPUS, 300);
    assertThatThrownBy(() -> tok.encode("ok\uDC00"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("U+DC00")
        .hasMessageContaining("character 2");
    assertThatThrownBy(() -> tok.decode(new int[] {300}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("300");
    Path forward = dir.resolve("forward.json");
    Files.writeString(forward, "{\"kind\":\"bpe\",\"merges\":[[97,98],[256,258]]}");
    assertThatThrownBy(() -> Tokenizer.load(forward))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("forward.json")
        .hasMessageContaining("merges[1]");
  }

  @Test
  void decode_of_encode_is_the_identity_on_random_strings() {
    Random rng = new Random(7);
    StringBuilder corpus = new StringBuilder(CORPUS);
    for (int i = 0; i < 50; i++) {
      corpus.append(TextSamples.random(rng, 40));
    }
    ByteBpeTokenizer tok = ByteBpeTokenizer.train(corpus.toString(), 600);
    for (int trial = 0; trial < 300; trial++) {
      String s = TextSamples.random(rng, rng.nextInt(80));
      assertThat(tok.decode(tok.encode(s))).isEqualTo(s);
    }
  }

  @Test
  void trains_a_large_mixed_corpus_to_its_vocabulary_size_and_round_trips_it() {
    Random rng = new Random(3);
    String[] words = {"the", "autumn", "moon", "river", "wind", "秋天", "明月", "江水", "poem", "🍂"};
    StringBuilder corpus = new StringBuilder();
    while (corpus.length() < 200_000) {
      corpus.append(words[rng.nextInt(words.length)]);
      corpus.append(rng.nextInt(10) == 0 ? ".\n" : " ");
      if (rng.nextInt(5) == 0) {
        corpus.append(TextSamples.random(rng, 3));
      }
    }
    // speed is a benchmark's business, not a unit test's: this checks the incremental pair counts
    // stay right over many merges on a big, mixed corpus
    ByteBpeTokenizer tok = ByteBpeTokenizer.train(corpus.toString(), 1000);
    assertThat(tok.vocabSize()).isEqualTo(1000);
    assertThat(tok.encode(corpus.toString()).length).isLessThan(corpus.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 2);
    assertThat(tok.decode(tok.encode(corpus.toString()))).isEqualTo(corpus.toString());
  }

  @Test
  void pre_split_keeps_emoji_sequences_whole_and_concatenates_back_to_the_text() {
    assertThat(PreSplit.chunks("the cat  sat, ❤️ 👨‍👩‍👧\r\n秋天"))
        .containsExactly("the", " cat", " ", " sat", ",", " ❤️", " 👨‍👩‍👧", "\r\n", "秋天");
    Random rng = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      String s = TextSamples.random(rng, rng.nextInt(50));
      assertThat(String.join("", PreSplit.chunks(s))).isEqualTo(s);
    }
  }
}
