package dev.fabrica.neural.text;

import dev.fabrica.core.BadInputException;

/** Checks shared by the tokenizers: well-formed UTF-16 and readable names of code points. */
final class Unicode {
  private Unicode() {}

  /** {@code U+XXXX} and the character itself, for error messages. */
  static String describe(int codePoint) {
    String hex = String.format("U+%04X", codePoint);
    boolean printable =
        !Character.isISOControl(codePoint)
            && !Character.isWhitespace(codePoint)
            && Character.isDefined(codePoint)
            && !Character.isSurrogate((char) Math.min(codePoint, 0xFFFF));
    return printable ? hex + " '" + new String(Character.toChars(codePoint)) + "'" : hex;
  }

  /**
   * Throws if {@code text} holds a lone surrogate, which has no UTF-8 encoding and so cannot
   * round-trip.
   *
   * @param what names the text in the message, e.g. "corpus" or "text"
   */
  static void requireWellFormed(String text, String what) {
    int codePointIndex = 0;
    for (int i = 0; i < text.length(); codePointIndex++) {
      int cp = text.codePointAt(i);
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        throw new BadInputException(
            String.format(
                "%s holds a lone surrogate U+%04X at character %d (UTF-16 index %d)",
                what, cp, codePointIndex, i));
      }
      i += Character.charCount(cp);
    }
  }
}
