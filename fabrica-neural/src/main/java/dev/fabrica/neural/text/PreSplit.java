package dev.fabrica.neural.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into chunks that BPE merges never cross, a simple Unicode-aware stand-in for GPT-2's
 * regular expression: a run of letters and digits, a run of other visible characters (punctuation,
 * symbols, emoji) or a run of whitespace; a single space directly before a non-space run joins that
 * run (so {@code " cat"} is one chunk, as in GPT-2). Combining marks, variation selectors and
 * format characters such as the zero-width joiner extend whatever non-space run they follow, so
 * {@code ❤️} and {@code 👨‍👩‍👧} stay whole. Concatenating the chunks gives back the text exactly.
 */
final class PreSplit {
  private static final int SPACE = 0;
  private static final int WORD = 1;
  private static final int OTHER = 2;

  private PreSplit() {}

  /** The chunks of {@code text}, in order. */
  static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int start = i;
      int cp = text.codePointAt(i);
      if (cp == ' ' && i + 1 < n && classOf(text.codePointAt(i + 1)) != SPACE) {
        i++; // the space joins the run after it
        cp = text.codePointAt(i);
      }
      int cls = classOf(cp);
      i += Character.charCount(cp);
      while (i < n) {
        int next = text.codePointAt(i);
        int nextCls = classOf(next);
        boolean continues = nextCls == cls || (cls != SPACE && isJoiner(next));
        if (!continues) {
          break;
        }
        // a whitespace run leaves its last space to the word after it, as GPT-2 does
        if (cls == SPACE && next == ' ' && i + 1 < n && classOf(text.codePointAt(i + 1)) != SPACE) {
          break;
        }
        i += Character.charCount(next);
      }
      out.add(text.substring(start, i));
    }
    return out;
  }

  private static int classOf(int cp) {
    if (Character.isWhitespace(cp)) {
      return SPACE;
    }
    if (Character.isLetterOrDigit(cp) || isJoiner(cp)) {
      return WORD;
    }
    return OTHER;
  }

  private static boolean isJoiner(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT;
  }
}
