package dev.fabrica.neural.t2i;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The features a prompt is read by: for each word of an alphabetic script, the word and its
 * character trigrams (with boundary marks, so "boots" shares most of its features with "boot");
 * for Chinese, Japanese and Korean ideographs, each character and each pair of adjacent ones
 * ("运动鞋" → 运, 动, 鞋, 运动, 动鞋). Text is NFKC-normalised and lower-cased first, so
 * full-width letters and case do not matter. Punctuation separates words; a hyphen or apostrophe
 * between letters stays inside the word ("t-shirt").
 */
public final class PromptFeatures {
  private PromptFeatures() {}

  /** The features of {@code text}, in order, with repeats. */
  public static List<String> of(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    int[] cps = s.codePoints().toArray();
    int i = 0;
    while (i < cps.length) {
      int cp = cps[i];
      if (ideograph(cp)) {
        int j = i;
        while (j < cps.length && ideograph(cps[j])) {
          j++;
        }
        for (int k = i; k < j; k++) {
          out.add("c:" + new String(cps, k, 1));
          if (k + 1 < j) {
            out.add("b:" + new String(cps, k, 2));
          }
        }
        i = j;
      } else if (Character.isLetterOrDigit(cp)) {
        int j = i + 1;
        while (j < cps.length && (wordChar(cps[j]) || (joiner(cps[j]) && j + 1 < cps.length && wordChar(cps[j + 1])))) {
          j++;
        }
        String w = new String(cps, i, j - i);
        out.add("w:" + w);
        int[] marked = ("<" + w + ">").codePoints().toArray();
        for (int k = 0; k + 3 <= marked.length; k++) {
          out.add("g:" + new String(marked, k, 3));
        }
        i = j;
      } else {
        i++;
      }
    }
    return out;
  }

  private static boolean wordChar(int cp) {
    return Character.isLetterOrDigit(cp) && !ideograph(cp);
  }

  private static boolean joiner(int cp) {
    return cp == '-' || cp == '\'' || cp == '\u2019';
  }

  /** Han ideographs and the syllabic scripts written without spaces between words. */
  static boolean ideograph(int cp) {
    Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
    return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
        || sc == Character.UnicodeScript.KATAKANA || sc == Character.UnicodeScript.HANGUL;
  }
}
