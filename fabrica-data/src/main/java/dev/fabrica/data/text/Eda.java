package dev.fabrica.data.text;

import dev.fabrica.data.text.EdaTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Easy Data Augmentation (Wei and Zou, 2019, "EDA: Easy Data Augmentation Techniques for Boosting
 * Performance on Text Classification Tasks"): four word-level edits of a sentence, each changing
 * {@code n = max(1, round(p * words))} words. Words are {@link EdaTokens}; tokens with no letter
 * or digit are never chosen, moved or deleted. Immutable and thread-safe; all randomness comes from
 * the caller's generator.
 */
public final class Eda {
  /** The four operations. */
  public enum Op {
    /** Replace n distinct non-stop words that have synonyms by a random synonym each. */
    SYNONYM,
    /** n times, insert a random synonym of a random word at a random position. */
    INSERT,
    /** n times, swap two random words. */
    SWAP,
    /** Delete each word with probability p, keeping at least one. */
    DELETE;

    /** The recipe name, e.g. {@code synonym}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** English words too common to be worth replacing. */
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "at", "by", "for", "with",
          "about", "into", "to", "from", "in", "on", "off", "over", "under", "up", "down", "out",
          "i", "me", "my", "we", "our", "you", "your", "he", "him", "his", "she", "her", "it",
          "its", "they", "them", "their", "this", "that", "these", "those", "who", "whom",
          "which", "what", "is", "am", "are", "was", "were", "be", "been", "being", "have", "has",
          "had", "do", "does", "did", "not", "no", "nor", "can", "will", "just", "very", "too",
          "than", "there", "here", "when", "where", "why", "how", "all", "each", "both", "few",
          "more", "most", "some", "such", "only", "own", "same", "again", "once", "s", "t");

  private final Synonyms synonyms;
  private final Set<String> dictionary;
  private final int maxLength;

  /**
   * @param synonyms where replacement and inserted words come from
   * @param dictionary CJK words for segmentation (see {@link SynonymFile#cjkWords()})
   * @param maxLength the longest dictionary word, in chars
   */
  public Eda(Synonyms synonyms, Set<String> dictionary, int maxLength) {
    this.synonyms = synonyms;
    this.dictionary = dictionary;
    this.maxLength = maxLength;
  }

  /** The number of words an operation changes for a text of {@code words} words. */
  public static int changes(double p, int words) {
    return Math.max(1, (int) Math.round(p * words));
  }

  /** Applies {@code op} to {@code text}; a text with no words comes back unchanged. */
  public String augment(String text, Op op, double p, SplittableRandom rnd) {
    List<Token> tokens = EdaTokens.tokenize(text, dictionary, maxLength);
    List<Integer> words = wordPositions(tokens);
    if (words.isEmpty()) {
      return text;
    }
    int n = changes(p, words.size());
    switch (op) {
      case SYNONYM -> replace(tokens, words, n, rnd);
      case INSERT -> insert(tokens, words, n, rnd);
      case SWAP -> swap(tokens, words, n, rnd);
      case DELETE -> delete(tokens, words, p, rnd);
    }
    return EdaTokens.join(tokens);
  }

  private static List<Integer> wordPositions(List<Token> tokens) {
    List<Integer> words = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (EdaTokens.isWord(tokens.get(i).text)) {
        words.add(i);
      }
    }
    return words;
  }

  /** The synonyms of a token's core (the token without surrounding punctuation). */
  private List<String> synonymsOf(String token) {
    String core = core(token);
    return core.isEmpty() ? List.of() : synonyms.of(core);
  }

  private void replace(List<Token> tokens, List<Integer> words, int n, SplittableRandom rnd) {
    List<Integer> candidates = new ArrayList<>();
    for (int i : words) {
      String core = core(tokens.get(i).text);
      if (!STOP_WORDS.contains(core.toLowerCase(Locale.ROOT)) && !synonyms.of(core).isEmpty()) {
        candidates.add(i);
      }
    }
    shuffle(candidates, rnd);
    for (int k = 0; k < Math.min(n, candidates.size()); k++) {
      int i = candidates.get(k);
      String token = tokens.get(i).text;
      String core = core(token);
      List<String> syn = synonyms.of(core);
      String pick = matchCase(core, syn.get(rnd.nextInt(syn.size())));
      int start = token.indexOf(core);
      tokens.get(i).text = token.substring(0, start) + pick + token.substring(start + core.length());
      EdaTokens.fixBoundary(tokens, i);
      EdaTokens.fixBoundary(tokens, i + 1);
    }
  }

  private void insert(List<Token> tokens, List<Integer> words, int n, SplittableRandom rnd) {
    List<List<String>> pool = new ArrayList<>();
    for (int i : words) {
      List<String> syn = synonymsOf(tokens.get(i).text);
      if (!syn.isEmpty()) {
        pool.add(syn);
      }
    }
    if (pool.isEmpty()) {
      return;
    }
    for (int k = 0; k < n; k++) {
      List<String> syn = pool.get(rnd.nextInt(pool.size()));
      int at = rnd.nextInt(tokens.size() + 1);
      tokens.add(at, new Token(syn.get(rnd.nextInt(syn.size())), true));
      EdaTokens.fixBoundary(tokens, at);
      EdaTokens.fixBoundary(tokens, at + 1);
    }
  }

  private static void swap(List<Token> tokens, List<Integer> words, int n, SplittableRandom rnd) {
    if (words.size() < 2) {
      return;
    }
    for (int k = 0; k < n; k++) {
      int a = words.get(rnd.nextInt(words.size()));
      int b = words.get(rnd.nextInt(words.size() - 1));
      if (b == a) {
        b = words.get(words.size() - 1); // uniform over the other words
      }
      String t = tokens.get(a).text;
      tokens.get(a).text = tokens.get(b).text;
      tokens.get(b).text = t;
      for (int i : new int[] {a, a + 1, b, b + 1}) {
        EdaTokens.fixBoundary(tokens, i);
      }
    }
  }

  private static void delete(List<Token> tokens, List<Integer> words, double p, SplittableRandom rnd) {
    if (words.size() < 2) {
      return;
    }
    List<Integer> doomed = new ArrayList<>();
    for (int i : words) {
      if (rnd.nextDouble() < p) {
        doomed.add(i);
      }
    }
    if (doomed.size() == words.size()) {
      doomed.remove(rnd.nextInt(doomed.size()));
    }
    for (int k = doomed.size() - 1; k >= 0; k--) {
      int i = doomed.get(k);
      tokens.remove(i);
      EdaTokens.fixBoundary(tokens, i);
    }
  }

  /** The token without leading and trailing characters that are not letters, digits or marks. */
  static String core(String token) {
    int start = 0;
    int end = token.length();
    while (start < end && !isWordChar(token.codePointAt(start))) {
      start += Character.charCount(token.codePointAt(start));
    }
    while (end > start && !isWordChar(token.codePointBefore(end))) {
      end -= Character.charCount(token.codePointBefore(end));
    }
    return token.substring(start, end);
  }

  private static boolean isWordChar(int cp) {
    int t = Character.getType(cp);
    return Character.isLetterOrDigit(cp) || t == Character.NON_SPACING_MARK
        || t == Character.COMBINING_SPACING_MARK;
  }

  /** {@code word} capitalised like {@code model} when the model starts with a capital. */
  private static String matchCase(String model, String word) {
    if (!word.isEmpty() && Character.isUpperCase(model.codePointAt(0))
        && Character.isLowerCase(word.codePointAt(0))) {
      int first = word.codePointAt(0);
      return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
          .append(word, Character.charCount(first), word.length()).toString();
    }
    return word;
  }

  private static void shuffle(List<Integer> list, SplittableRandom rnd) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      Integer t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
