package dev.fabrica.neural.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharTokenizerTest {
  @TempDir Path dir;

  @Test
  void vocabulary_is_the_sorted_set_of_code_points() {
    CharTokenizer tok = CharTokenizer.train("秋b😀a秋b");
    assertThat(tok.codePoints()).containsExactly('a', 'b', 0x79CB, 0x1F600);
    assertThat(tok.vocabSize()).isEqualTo(4);
    assertThat(tok.encode("a😀秋")).containsExactly(0, 3, 2);
  }

  @Test
  void round_trips_ascii_chinese_emoji_whitespace_and_empty_text() {
    for (String text : TextSamples.TRICKY) {
      CharTokenizer tok = CharTokenizer.train(text.isEmpty() ? "x" : text);
      int[] ids = tok.encode(text);
      assertThat(ids).hasSize(text.codePointCount(0, text.length()));
      assertThat(tok.decode(ids)).isEqualTo(text);
    }
  }

  @Test
  void a_supplementary_character_is_one_token() {
    CharTokenizer tok = CharTokenizer.train("𝄞");
    assertThat(tok.encode("𝄞𝄞")).containsExactly(0, 0);
  }

  @Test
  void an_unknown_character_is_an_error_naming_it_and_its_position() {
    CharTokenizer tok = CharTokenizer.train("abc");
    assertThatThrownBy(() -> tok.encode("ab秋c"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("U+79CB")
        .hasMessageContaining("position 2");
    assertThatThrownBy(() -> tok.encode("a😀"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("U+1F600")
        .hasMessageContaining("position 1");
  }

  @Test
  void rejects_an_empty_corpus_a_lone_surrogate_and_out_of_range_ids() {
    assertThatThrownBy(() -> CharTokenizer.train("")).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> CharTokenizer.train("a\uD800b"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("U+D800");
    assertThatThrownBy(() -> CharTokenizer.train("ab").decode(new int[] {0, 2}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("position 1");
  }

  @Test
  void save_and_load_give_identical_encodings() throws Exception {
    String text = String.join("\n", TextSamples.TRICKY);
    CharTokenizer tok = CharTokenizer.train(text);
    Path file = dir.resolve("tokenizer.json");
    tok.save(file);
    assertThat(Files.readString(file)).contains("\"kind\" : \"char\"");
    Tokenizer loaded = Tokenizer.load(file);
    assertThat(loaded).isInstanceOf(CharTokenizer.class);
    assertThat(loaded.kind()).isEqualTo("char");
    assertThat(loaded.vocabSize()).isEqualTo(tok.vocabSize());
    assertThat(loaded.encode(text)).isEqualTo(tok.encode(text));
  }

  @Test
  void load_rejects_unsorted_chars_and_unknown_kinds_naming_the_file() throws Exception {
    Path unsorted = dir.resolve("unsorted.json");
    Files.writeString(unsorted, "{\"kind\":\"char\",\"chars\":[98,97]}");
    assertThatThrownBy(() -> Tokenizer.load(unsorted))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("unsorted.json");
    Path odd = dir.resolve("odd.json");
    Files.writeString(odd, "{\"kind\":\"wordpiece\"}");
    assertThatThrownBy(() -> Tokenizer.load(odd))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("odd.json")
        .hasMessageContaining("wordpiece");
  }

  @Test
  void decode_of_encode_is_the_identity_on_random_strings() {
    Random rng = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      String s = TextSamples.random(rng, rng.nextInt(60));
      CharTokenizer tok = CharTokenizer.train(s + "x");
      assertThat(tok.decode(tok.encode(s))).isEqualTo(s);
    }
  }
}
