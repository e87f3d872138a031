package dev.fabrica.neural.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Character-level tokenizer: token {@code i} is the {@code i}-th smallest Unicode code point of the
 * training text (code points, never UTF-16 units, so supplementary characters are one token).
 */
public final class CharTokenizer implements Tokenizer {
  static final String KIND = "char";

  private final int[] codePoints;

  private CharTokenizer(int[] sortedCodePoints) {
    this.codePoints = sortedCodePoints;
  }

  /**
   * The tokenizer whose vocabulary is the sorted set of code points of {@code corpus}.
   *
   * @throws BadInputException if the corpus is empty or holds a lone surrogate
   */
  public static CharTokenizer train(String corpus) {
    if (corpus.isEmpty()) {
      throw new BadInputException("cannot train a character tokenizer on an empty corpus");
    }
    Unicode.requireWellFormed(corpus, "corpus");
    return new CharTokenizer(corpus.codePoints().sorted().distinct().toArray());
  }

  /**
   * The tokenizer with exactly these code points as its vocabulary.
   *
   * @param codePoints strictly increasing, valid, non-surrogate code points
   */
  public static CharTokenizer of(int[] codePoints) {
    return new CharTokenizer(validated(codePoints.clone(), "code points"));
  }

  /** A copy of the vocabulary: sorted code points, indexed by token id. */
  public int[] codePoints() {
    return codePoints.clone();
  }

  @Override
  public int vocabSize() {
    return codePoints.length;
  }

  @Override
  public int[] encode(String text) {
    Unicode.requireWellFormed(text, "text");
    int[] ids = new int[text.codePointCount(0, text.length())];
    int n = 0;
    for (int i = 0; i < text.length(); n++) {
      int cp = text.codePointAt(i);
      int id = Arrays.binarySearch(codePoints, cp);
      if (id < 0) {
        throw new BadInputException(
            String.format(
                "character %s at position %d (UTF-16 index %d) is not in the tokenizer's"
                    + " vocabulary of %d characters",
                Unicode.describe(cp), n, i, codePoints.length));
      }
      ids[n] = id;
      i += Character.charCount(cp);
    }
    return ids;
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder out = new StringBuilder(ids.length);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= codePoints.length) {
        throw new BadInputException(
            "token id " + ids[i] + " at position " + i + " is outside [0, " + codePoints.length + ")");
      }
      out.appendCodePoint(codePoints[ids[i]]);
    }
    return out.toString();
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void save(Path json) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", KIND);
    doc.put("chars", codePoints);
    Json.writeFile(json, doc);
  }

  static CharTokenizer fromJson(JsonNode root, Path file) {
    JsonNode chars = root.get("chars");
    if (chars == null || !chars.isArray()) {
      throw new BadInputException(file + ": a char tokenizer needs a \"chars\" array of code points");
    }
    int[] cps = new int[chars.size()];
    for (int i = 0; i < cps.length; i++) {
      JsonNode c = chars.get(i);
      if (!c.canConvertToInt()) {
        throw new BadInputException(file + ": chars[" + i + "] is not an integer code point: " + c);
      }
      cps[i] = c.intValue();
    }
    return new CharTokenizer(validated(cps, file + ": chars"));
  }

  private static int[] validated(int[] cps, String where) {
    if (cps.length == 0) {
      throw new BadInputException(where + " is empty");
    }
    for (int i = 0; i < cps.length; i++) {
      int cp = cps[i];
      if (!Character.isValidCodePoint(cp)
          || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
        throw new BadInputException(where + "[" + i + "] = " + cp + " is not a valid code point");
      }
      if (i > 0 && cps[i - 1] >= cp) {
        throw new BadInputException(where + " must be strictly increasing, but index " + i + " is "
            + cp + " after " + cps[i - 1]);
      }
    }
    return cps;
  }
}
