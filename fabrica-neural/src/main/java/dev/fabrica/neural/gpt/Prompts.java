package dev.fabrica.neural.gpt;

import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.text.CharTokenizer;
import dev.fabrica.neural.text.Tokenizer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Prompt text to token ids. An empty prompt starts from a newline when the vocabulary has one
 * (nanoGPT's habit) and from token 0 otherwise. A character outside a character vocabulary is an
 * error naming it, unless the caller asks to drop such characters ({@link #dropUnknown}).
 */
public final class Prompts {
  private Prompts() {}

  /**
   * @throws BadInputException naming the first character the vocabulary lacks
   */
  public static int[] encode(Tokenizer tok, String prompt) {
    if (prompt.isEmpty()) {
      return new int[] {start(tok)};
    }
    int[] ids = tok.encode(prompt);
    return ids.length == 0 ? new int[] {start(tok)} : ids;
  }

  /** The prompt without the characters a character vocabulary lacks (BPE lacks none). */
  public static String dropUnknown(Tokenizer tok, String prompt) {
    if (!(tok instanceof CharTokenizer c)) {
      return prompt;
    }
    int[] vocab = c.codePoints();
    StringBuilder b = new StringBuilder();
    prompt.codePoints().filter(cp -> Arrays.binarySearch(vocab, cp) >= 0).forEach(b::appendCodePoint);
    return b.toString();
  }

  /** The distinct characters of {@code prompt} that the vocabulary lacks, in order. */
  public static String unknown(Tokenizer tok, String prompt) {
    if (!(tok instanceof CharTokenizer c)) {
      return "";
    }
    int[] vocab = c.codePoints();
    Set<Integer> out = new LinkedHashSet<>();
    prompt.codePoints().filter(cp -> Arrays.binarySearch(vocab, cp) < 0).forEach(out::add);
    StringBuilder b = new StringBuilder();
    out.forEach(b::appendCodePoint);
    return b.toString();
  }

  private static int start(Tokenizer tok) {
    try {
      int[] nl = tok.encode("\n");
      return nl.length == 1 ? nl[0] : 0;
    } catch (BadInputException noNewline) {
      return 0;
    }
  }
}
