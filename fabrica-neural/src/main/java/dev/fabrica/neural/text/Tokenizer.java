package dev.fabrica.neural.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Maps text to token ids and back; {@code decode(encode(s))} equals {@code s} for every well-formed
 * string {@code s} the tokenizer accepts.
 */
public interface Tokenizer {
  /** Number of distinct token ids; every id is in {@code [0, vocabSize())}. */
  int vocabSize();

  /**
   * Token ids of {@code text}.
   *
   * @throws BadInputException if the text cannot be encoded (a lone surrogate, or a character
   *     outside a fixed vocabulary), naming the character and its position
   */
  int[] encode(String text);

  /**
   * The text of {@code ids}.
   *
   * @throws BadInputException if an id is outside {@code [0, vocabSize())}
   */
  String decode(int[] ids);

  /** The {@code "kind"} field of this tokenizer's JSON file: {@code "char"} or {@code "bpe"}. */
  String kind();

  /** Writes this tokenizer as JSON to {@code json}, atomically. */
  void save(Path json);

  /**
   * Reads a tokenizer saved by {@link #save}, choosing its class by the {@code "kind"} field.
   *
   * @throws BadInputException if the file is missing, not JSON, or not a valid tokenizer
   */
  static Tokenizer load(Path json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json.toFile());
    } catch (IOException e) {
      throw new BadInputException("cannot read tokenizer " + json + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException(json + ": a tokenizer file must hold a JSON object");
    }
    String kind = root.path("kind").asText("");
    return switch (kind) {
      case CharTokenizer.KIND -> CharTokenizer.fromJson(root, json);
      case ByteBpeTokenizer.KIND -> ByteBpeTokenizer.fromJson(root, json);
      default ->
          throw new BadInputException(
              json + ": unknown tokenizer kind \"" + kind + "\" (expected \"char\" or \"bpe\")");
    };
  }
}
