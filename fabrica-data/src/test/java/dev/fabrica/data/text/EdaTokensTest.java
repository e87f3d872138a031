package dev.fabrica.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdaTokensTest {
  private static List<String> texts(List<EdaTokens.Token> tokens) {
    return tokens.stream().map(t -> t.text).toList();
  }

  @Test
  void segments_cjk_runs_by_longest_match_and_single_characters() {
    var tokens = EdaTokens.tokenize("今天天气不错！Hello world", Set.of("今天", "天气", "天气不错"), 4);
    assertThat(texts(tokens)).containsExactly("今天", "天气不错", "！Hello", "world");
    assertThat(EdaTokens.join(tokens)).isEqualTo("今天天气不错！Hello world");
    assertThat(texts(EdaTokens.tokenize("我很好", Set.of(), 1))).containsExactly("我", "很", "好");
  }

  @Test
  void joins_untouched_text_back_with_single_spaces() {
    var tokens = EdaTokens.tokenize("  a\u3000b  c ", Set.of(), 1);
    assertThat(EdaTokens.join(tokens)).isEqualTo("a b c");
  }
}
