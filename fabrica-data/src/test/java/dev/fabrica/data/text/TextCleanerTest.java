package dev.fabrica.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fabrica.data.text.TextCleaner.Options;
import dev.fabrica.data.text.TextCleaner.Removal;
import dev.fabrica.data.text.TextCleaner.Whitespace;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TextCleanerTest {
  private static final Set<Removal> PS = EnumSet.of(Removal.PUNCTUATION, Removal.SYMBOLS);

  private static TextCleaner cleaner(Set<Removal> remove) {
    return new TextCleaner(new Options(remove, Whitespace.COLLAPSE, false, false, null, "", ""));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '"',
      value = {
        "今天天气不错！ => 今天天气不错",
        "Hello, world! => Hello world",
        "Hello,world => Helloworld",
        "Ça coûte 5€ — d'accord? => Ça coûte 5 daccord",
        "مرحبا، بالعالم! => مرحبا بالعالم",
        "Привет, мир! => Привет мир",
        "नमस्ते! => नमस्ते",
        "I ❤️ you => I you",
        "family 👨‍👩‍👧 here => family here",
        "ok👍🏽 => ok",
        "1️⃣ first => 1 first",
        "x #️⃣ hash => x hash",
        "flag 🏴󠁧󠁢󠁳󠁣󠁴󠁿 and 🇨🇳! => flag and",
        "snake_case => snakecase",
        "「引用」《书名》 => 引用书名",
        "x² + y² = z² => x² y² z²",
      })
  void removes_punctuation_and_symbols_by_unicode_category(String in, String expected) {
    String out = cleaner(PS).clean(in);
    assertThat(out).isEqualTo(expected);
    assertThat(out.codePoints().filter(TextCleaner::isEmojiComponent)).isEmpty();
  }

  @Test
  void keeps_text_that_needs_no_change_as_the_same_object() {
    String s = "plain words here";
    assertThat(cleaner(PS).clean(s)).isSameAs(s);
  }

  @Test
  void collapses_every_unicode_whitespace_to_one_ascii_space() {
    assertThat(cleaner(Set.of()).clean(" a\u3000b\u00a0 c\t\n d\u2003 ")).isEqualTo("a b c d");
    assertThat(cleaner(Set.of()).clean("a  b")).isEqualTo("a b");
    assertThat(cleaner(Set.of()).clean("")).isEmpty();
  }

  @Test
  void passes_null_through() {
    assertThat(cleaner(PS).clean(null)).isNull();
  }

  @Test
  void strips_html_tags_and_decodes_entities_before_punctuation() {
    String html = "<p>Tom &amp; Jerry</p><p>&#39;hi&#39; &#x4e2d; &bogus; a<b</p>";
    assertThat(cleaner(EnumSet.of(Removal.HTML)).clean(html))
        .isEqualTo("Tom & Jerry 'hi' 中 &bogus; a<b");
    assertThat(cleaner(EnumSet.of(Removal.HTML, Removal.PUNCTUATION)).clean(html))
        .isEqualTo("Tom Jerry hi 中 bogus a<b");
    assertThat(cleaner(EnumSet.of(Removal.HTML)).clean("<b>bold</b>, <i>it</i>"))
        .isEqualTo("bold, it");
  }

  @Test
  void removes_urls_without_eating_adjacent_chinese() {
    TextCleaner c = cleaner(EnumSet.of(Removal.URLS));
    assertThat(c.clean("see https://example.com/a?b=1 and www.test.org now"))
        .isEqualTo("see and now");
    assertThat(c.clean("访问http://x.cn/p获取")).isEqualTo("访问获取");
    assertThat(c.clean("end of sentence. Next")).isEqualTo("end of sentence. Next");
  }

  @Test
  void removes_decimal_digits_of_any_script_but_not_other_numbers() {
    assertThat(cleaner(EnumSet.of(Removal.DIGITS)).clean("abc123٣ ½ Ⅻ")).isEqualTo("abc ½ Ⅻ");
  }

  @Test
  void removing_digits_takes_a_keycap_whole() {
    assertThat(cleaner(EnumSet.of(Removal.DIGITS)).clean("a1️⃣b")).isEqualTo("ab");
  }

  @Test
  void normalizes_nfkc_and_lowercases_with_root_locale() {
    Options o = new Options(Set.of(), Whitespace.COLLAPSE, true, true, null, "", "");
    assertThat(new TextCleaner(o).clean("ＦＵＬＬ ① ÇA VA İ")).isEqualTo("full 1 ça va i\u0307");
  }

  @Test
  void applies_the_regex_after_nfkc_and_before_punctuation() {
    Options afterNfkc =
        new Options(Set.of(), Whitespace.COLLAPSE, true, false, Pattern.compile("[0-9]+"), "N", "");
    assertThat(new TextCleaner(afterNfkc).clean("a\uFF11b22")).isEqualTo("aNbN");
    Options beforePunct =
        new Options(
            EnumSet.of(Removal.PUNCTUATION), Whitespace.COLLAPSE, false, false,
            Pattern.compile("([0-9]+)"), "($1)", "");
    assertThat(new TextCleaner(beforePunct).clean("a1b22")).isEqualTo("a1b22");
  }

  @Test
  void replaces_each_run_of_removed_characters_with_the_replacement() {
    Options o = new Options(PS, Whitespace.COLLAPSE, false, false, null, "", " ");
    assertThat(new TextCleaner(o).clean("Hello,world!!! ok")).isEqualTo("Hello world ok");
  }

  @Test
  void keeps_whitespace_when_asked() {
    Options o = new Options(PS, Whitespace.KEEP, false, false, null, "", "");
    assertThat(new TextCleaner(o).clean(" a ,\tb ")).isEqualTo(" a \tb ");
    Options t = new Options(Set.of(), Whitespace.TRIM, false, false, null, "", "");
    assertThat(new TextCleaner(t).clean("\u3000a  b ")).isEqualTo("a  b");
  }
}
