package dev.fabrica.neural.gpt;

import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.text.ByteBpeTokenizer;
import dev.fabrica.neural.text.CharTokenizer;
import dev.fabrica.neural.text.Tokenizer;

/**
 * A text split as nanoGPT splits it (the first 90 % of the characters train, the last 10 %
 * validate) and encoded. The character vocabulary is the sorted code points of the whole text, so
 * validation text never holds an unknown character; a BPE tokenizer is trained on the training
 * part only, since byte-level BPE encodes any text.
 */
public record TextCorpus(Tokenizer tokenizer, int[] train, int[] val, String valText, long chars) {
  /** Fraction of the characters used for training. */
  public static final double TRAIN_FRACTION = 0.9;

  /**
   * Splits and encodes {@code text}.
   *
   * @param kind "char" or "bpe"
   * @param bpeVocab vocabulary size of a BPE tokenizer (at least 256)
   * @param source how errors name the text, such as "--text poems.txt"
   */
  public static TextCorpus of(String text, String kind, int bpeVocab, String source) {
    if (text.isEmpty()) {
      throw new BadInputException(source + " is empty: a language model needs text to learn from");
    }
    int chars = text.codePointCount(0, text.length());
    if (chars < 20) {
      throw new BadInputException(source + " holds only " + chars + " characters: too few to split into training and validation text");
    }
    String trainText = text.substring(0, cut(text));
    Tokenizer tok = switch (kind) {
      case "char" -> CharTokenizer.train(text);
      case "bpe" -> ByteBpeTokenizer.train(trainText, bpeVocab);
      default -> throw new BadInputException("--tokenizer must be char or bpe, got '" + kind + "'");
    };
    return encode(text, tok, source);
  }

  /** Splits {@code text} and encodes it with a tokenizer trained before (a resumed run's). */
  public static TextCorpus encode(String text, Tokenizer tok, String source) {
    if (text.isEmpty()) {
      throw new BadInputException(source + " is empty: a language model needs text to learn from");
    }
    int cut = cut(text);
    String valText = text.substring(cut);
    try {
      return new TextCorpus(tok, tok.encode(text.substring(0, cut)), tok.encode(valText), valText,
          text.codePointCount(0, text.length()));
    } catch (BadInputException e) {
      throw new BadInputException(source + ": " + e.getMessage(), e);
    }
  }

  /** UTF-16 index after the first 90 % of the code points (never inside a surrogate pair). */
  private static int cut(String text) {
    int chars = text.codePointCount(0, text.length());
    return text.offsetByCodePoints(0, (int) Math.round(chars * TRAIN_FRACTION));
  }

  /**
   * Checks that the training part holds a whole context and one more token (a window and its
   * targets) and the validation part at least two tokens.
   */
  public void requireContext(int blockSize, String source) {
    if (train.length < blockSize + 1) {
      throw new BadInputException(String.format(
          "%s is too short for a context of %d tokens: its training part (90%%) has %d tokens and needs at least %d;"
              + " use a longer text or a smaller --block-size", source, blockSize, train.length, blockSize + 1));
    }
    if (val.length < 2) {
      throw new BadInputException(source + ": its validation part (the last 10%) has " + val.length
          + " token(s), at least 2 are needed; use a longer text");
    }
  }
}
