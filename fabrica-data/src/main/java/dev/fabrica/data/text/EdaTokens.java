package dev.fabrica.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Word tokens of a text for {@link Eda}: whitespace separates words; inside a chunk, a run of CJK
 * characters (Han, Hiragana, Katakana, Hangul) is segmented by greedy longest match against a
 * dictionary, single characters otherwise. Each token remembers whether whitespace preceded it, so
 * untouched parts of the text come back as they were; where an operation changed the neighbours,
 * CJK tokens join without a space and others with one.
 */
public final class EdaTokens {
  /** A token and whether a space precedes it. */
  static final class Token {
    String text;
    boolean space;

    Token(String text, boolean space) {
      this.text = text;
      this.space = space;
    }
  }

  private EdaTokens() {}

  /** True for Han, Hiragana, Katakana and Hangul characters. */
  public static boolean isCjk(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
  }

  /** Characters written without spaces around them: CJK and CJK or full-width punctuation. */
  static boolean joinsWithoutSpace(int cp) {
    return isCjk(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
  }

  /** True when the token has a letter or digit (punctuation-only tokens are not words). */
  static boolean isWord(String token) {
    return token.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  /** Splits {@code text} into tokens, segmenting CJK runs with {@code dictionary}. */
  static List<Token> tokenize(String text, Set<String> dictionary, int maxLength) {
    List<Token> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    boolean space = false;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (TextCleaner.isWhitespace(cp)) {
        space = !out.isEmpty();
        i += Character.charCount(cp);
        continue;
      }
      int end = i;
      boolean cjk = isCjk(cp);
      while (end < n) {
        int c = text.codePointAt(end);
        if (TextCleaner.isWhitespace(c) || isCjk(c) != cjk) {
          break;
        }
        end += Character.charCount(c);
      }
      if (cjk) {
        segment(text.substring(i, end), dictionary, maxLength, out, space);
      } else {
        out.add(new Token(text.substring(i, end), space));
      }
      space = false;
      i = end;
    }
    return out;
  }

  private static void segment(
      String run, Set<String> dictionary, int maxLength, List<Token> out, boolean space) {
    int i = 0;
    while (i < run.length()) {
      int len = Character.charCount(run.codePointAt(i));
      for (int l = Math.min(maxLength, run.length() - i); l > len; l--) {
        if (dictionary.contains(run.substring(i, i + l))) {
          len = l;
          break;
        }
      }
      out.add(new Token(run.substring(i, i + len), space));
      space = false;
      i += len;
    }
  }

  /** Recomputes the space before token {@code k} after its neighbours changed. */
  static void fixBoundary(List<Token> tokens, int k) {
    if (k <= 0 || k >= tokens.size()) {
      return;
    }
    String left = tokens.get(k - 1).text;
    String right = tokens.get(k).text;
    tokens.get(k).space =
        !(joinsWithoutSpace(left.codePointBefore(left.length()))
            && joinsWithoutSpace(right.codePointAt(0)));
  }

  /** The text of the tokens, with their spaces. */
  static String join(List<Token> tokens) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      if (i > 0 && tokens.get(i).space) {
        b.append(' ');
      }
      b.append(tokens.get(i).text);
    }
    return b.toString();
  }
}
