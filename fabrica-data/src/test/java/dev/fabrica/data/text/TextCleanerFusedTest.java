package dev.fabrica.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.data.text.TextCleaner.Options;
import dev.fabrica.data.text.TextCleaner.Removal;
import dev.fabrica.data.text.TextCleaner.Whitespace;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass removal with whitespace collapsing that {@code clean} uses for the usual options
 * gives exactly what the two stages give one after the other.
 */
class TextCleanerFusedTest {
  /** Letters, spaces of several kinds, punctuation, symbols, emoji parts, keycaps, lone surrogates. */
  private static final List<String> PIECES = List.of("a", "Z", "今", "天", "é", "न", "्", " ", " ", "  ", "\t", "\n",
      "\u3000", "\u00a0", "\u2003", ",", "!", "！", "_", "「", "€", "+", "²", "5", "❤", "\uFE0F", "\u200D", "👍", "🏽",
      "👨", "🇨", "🇳", "#", "1", "\u20E3", "🏴", "\uDB40\uDC67", "\uD800", "\uDC00", "\uD83D");

  private static String random(SplittableRandom rng) {
    StringBuilder sb = new StringBuilder();
    int n = rng.nextInt(0, 25);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES.get(rng.nextInt(PIECES.size())));
    }
    return sb.toString();
  }

  @Test
  void one_pass_equals_removal_then_collapse_for_every_class_set_and_replacement() {
    SplittableRandom rng = new SplittableRandom(17);
    List<Set<Removal>> removals = List.of(EnumSet.of(Removal.PUNCTUATION), EnumSet.of(Removal.SYMBOLS),
        EnumSet.of(Removal.PUNCTUATION, Removal.SYMBOLS), EnumSet.of(Removal.DIGITS, Removal.SYMBOLS));
    for (Set<Removal> remove : removals) {
      for (String rep : List.of("", " ", "_", " x ", "🙂")) {
        TextCleaner fused = new TextCleaner(new Options(remove, Whitespace.COLLAPSE, false, false, null, "", rep));
        TextCleaner staged = new TextCleaner(new Options(remove, Whitespace.KEEP, false, false, null, "", rep));
        for (int k = 0; k < 3000; k++) {
          String s = random(rng);
          String expected = TextCleaner.collapseWhitespace(staged.removeClasses(s));
          assertThat(fused.clean(s)).as("%s with %s, replacement '%s'", escape(s), remove, rep).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void text_that_needs_nothing_comes_back_as_the_same_object() {
    TextCleaner c = new TextCleaner(new Options(EnumSet.of(Removal.PUNCTUATION), Whitespace.COLLAPSE, false, false, null, "", ""));
    for (String s : List.of("", "plain words", "今天 天气", "a b c")) {
      assertThat(c.clean(s)).isSameAs(s);
    }
    assertThat(c.clean("trailing ")).isEqualTo("trailing");
    assertThat(c.clean(" leading")).isEqualTo("leading");
    assertThat(c.clean("a , b")).isEqualTo("a b");
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> b.append(cp < 0x80 && cp >= 0x20 ? String.valueOf((char) cp) : String.format("\\u{%X}", cp)));
    return b.toString();
  }
}
