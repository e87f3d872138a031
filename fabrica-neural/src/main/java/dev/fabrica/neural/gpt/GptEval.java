package dev.fabrica.neural.gpt;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.text.BitsPerChar;
import dev.fabrica.neural.text.Tokenizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loss of a model on a whole text: the text is cut into consecutive windows of {@code block_size}
 * tokens, each predicting its next tokens, so every token but the first is scored exactly once.
 * Reports nats per token, perplexity e^loss and bits per character (comparable across tokenizers).
 */
public final class GptEval {
  private GptEval() {}

  /**
   * @param source how errors name the text ("--text val.txt")
   * @throws BadInputException if the text is shorter than two tokens or holds characters the
   *     vocabulary lacks
   */
  public static Map<String, Object> evaluate(Gpt gpt, Tokenizer tok, String text, String source) {
    int[] ids;
    try {
      ids = tok.encode(text);
    } catch (BadInputException e) {
      throw new BadInputException(source + ": " + e.getMessage(), e);
    }
    if (ids.length < 2) {
      throw new BadInputException(source + " has " + ids.length + " token(s): at least 2 are needed to score a prediction");
    }
    int block = gpt.config().blockSize();
    int batch = Math.max(1, 4096 / block);
    double nats = 0;
    int predicted = ids.length - 1;
    try (NDManager m = NDManager.newBaseManager()) {
      int windows = predicted / block; // whole windows first, in batches
      for (int w = 0; w < windows; w += batch) {
        int n = Math.min(batch, windows - w);
        nats += score(gpt, ids, w * block, n, block, m);
      }
      int rest = predicted - windows * block;
      if (rest > 0) {
        nats += score(gpt, ids, windows * block, 1, rest, m);
      }
    }
    double loss = nats / predicted;
    int chars = text.codePointCount(0, text.length());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", "gpt");
    out.put("tokens", ids.length);
    out.put("characters", chars);
    out.put("loss", loss);
    out.put("perplexity", Math.exp(loss));
    // the first token is context, not a prediction: its characters are left out of the count
    String first = tok.decode(new int[] {ids[0]});
    out.put("bits_per_char", BitsPerChar.of(nats, text.substring(Math.min(text.length(), first.length()))));
    return out;
  }

  /** Summed nats of {@code n} consecutive windows of length {@code t} starting at token {@code from}. */
  private static double score(Gpt gpt, int[] ids, int from, int n, int t, NDManager parent) {
    try (NDManager m = parent.newSubManager()) {
      long[] x = new long[n * t];
      long[] y = new long[n * t];
      for (int i = 0; i < n * t; i++) {
        x[i] = ids[from + i];
        y[i] = ids[from + i + 1];
      }
      Shape s = new Shape(n, t);
      NDList xy = new NDList(m.create(x, s), m.create(y, s));
      return GptTrainer.crossEntropy(gpt.logits(xy.get(0), false), xy.get(1)).getFloat() * (double) (n * t);
    }
  }
}
