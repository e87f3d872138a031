package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Maps text to categorical symbols and back. {@link #letters()} uses the 27 symbols space and
 * a–z: text is lowercased, whitespace becomes a space, other characters are dropped and runs of
 * spaces collapse to one. {@link #chars(String)} uses the sorted unique characters (code points)
 * of a text, the nanoGPT convention.
 */
public final class TextSymbols {
  private final int[] codePoints; // sorted; symbol k is codePoints[k]
  private final boolean letters;

  private TextSymbols(int[] codePoints, boolean letters) {
    this.codePoints = codePoints;
    this.letters = letters;
  }

  /** Space then a–z: 27 symbols, space is 0. */
  public static TextSymbols letters() {
    int[] cps = new int[27];
    cps[0] = ' ';
    for (int k = 0; k < 26; k++) {
      cps[k + 1] = 'a' + k;
    }
    return new TextSymbols(cps, true);
  }

  /** The sorted unique characters of {@code text}. */
  public static TextSymbols chars(String text) {
    TreeSet<Integer> set = new TreeSet<>();
    text.codePoints().forEach(set::add);
    if (set.isEmpty()) {
      throw new BadInputException("the text is empty: no characters to make an alphabet of");
    }
    return new TextSymbols(set.stream().mapToInt(Integer::intValue).toArray(), false);
  }

  /** The alphabet stored in a model (one string per symbol), e.g. from {@link HmmModel#alphabet()}. */
  public static TextSymbols ofAlphabet(List<String> alphabet) {
    int[] cps = new int[alphabet.size()];
    for (int k = 0; k < cps.length; k++) {
      String s = alphabet.get(k);
      if (s.codePointCount(0, s.length()) != 1) {
        throw new BadInputException("alphabet entry " + k + " ('" + s + "') is not one character");
      }
      cps[k] = s.codePointAt(0);
      if (k > 0 && cps[k] <= cps[k - 1]) {
        throw new BadInputException("alphabet entry " + k + " ('" + s + "') is out of order or repeated");
      }
    }
    return new TextSymbols(cps, letters().alphabet().equals(alphabet));
  }

  /** {@code text} lowercased, keeping a–z and single spaces (leading and trailing spaces removed). */
  public static String lettersOnly(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c >= 'a' && c <= 'z') {
        sb.append(c);
      } else if (Character.isWhitespace(c) && sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
        sb.append(' ');
      }
    }
    int end = sb.length();
    if (end > 0 && sb.charAt(end - 1) == ' ') {
      sb.setLength(end - 1);
    }
    return sb.toString();
  }

  /** Number of symbols K. */
  public int size() {
    return codePoints.length;
  }

  /** One string per symbol, in symbol order. */
  public List<String> alphabet() {
    List<String> out = new ArrayList<>(codePoints.length);
    for (int cp : codePoints) {
      out.add(new String(Character.toChars(cp)));
    }
    return out;
  }

  /**
   * The symbols of {@code text}. For {@code letters} the text is normalised first; for {@code
   * chars} a character outside the alphabet is an error naming its offset.
   */
  public int[] encode(String text) {
    String s = letters ? lettersOnly(text) : text;
    int[] out = new int[s.codePointCount(0, s.length())];
    int i = 0;
    for (int offset = 0; offset < s.length(); ) {
      int cp = s.codePointAt(offset);
      int k = java.util.Arrays.binarySearch(codePoints, cp);
      if (k < 0) {
        throw new BadInputException("character '" + new String(Character.toChars(cp)) + "' at offset "
            + offset + " is not in the alphabet of " + codePoints.length + " symbols");
      }
      out[i++] = k;
      offset += Character.charCount(cp);
    }
    return out;
  }

  /** The text of sampled symbols. */
  public String decode(int[] symbols) {
    StringBuilder sb = new StringBuilder(symbols.length);
    for (int t = 0; t < symbols.length; t++) {
      int k = symbols[t];
      if (k < 0 || k >= codePoints.length) {
        throw new BadInputException("symbol " + k + " at position " + t + " is outside 0.." + (codePoints.length - 1));
      }
      sb.appendCodePoint(codePoints[k]);
    }
    return sb.toString();
  }
}
