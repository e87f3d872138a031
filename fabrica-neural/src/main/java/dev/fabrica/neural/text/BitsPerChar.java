package dev.fabrica.neural.text;

import dev.fabrica.core.BadInputException;

/**
 * Bits per character: the summed cross-entropy of a text divided by ln 2 and by its number of
 * Unicode code points, so that models with different tokenizers can be compared.
 */
public final class BitsPerChar {
  private BitsPerChar() {}

  /**
   * {@code bpc = totalNats / ln 2 / codePoints(text)}.
   *
   * @param totalNatsOverTokens the sum over all tokens of {@code -ln p(token | context)}
   * @param text the text those tokens encode
   * @throws BadInputException if the text is empty
   */
  public static double of(double totalNatsOverTokens, String text) {
    int chars = text.codePointCount(0, text.length());
    if (chars == 0) {
      throw new BadInputException("bits per character of an empty text is undefined");
    }
    return totalNatsOverTokens / Math.log(2) / chars;
  }
}
