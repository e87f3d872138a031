package dev.fabrica.neural.gpt;

import dev.fabrica.neural.text.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * The text of one generated row as its tokens arrive: the decoded text so far (without any stop
 * sequence), how much of it was handed out, and why the row ended ("stop" or "length"; null while
 * it runs). Shared by {@link Sampler} and {@link ContinuousBatch}, so a row ends and streams the
 * same way whichever of them drives it.
 */
final class RowText {
  private final Tokenizer tokenizer;
  private final int promptTokens;
  private int[] tokens = new int[16];
  private int size;
  private String text = "";
  private int emitted;
  private String finish;

  RowText(Tokenizer tokenizer, int promptTokens) {
    this.tokenizer = tokenizer;
    this.promptTokens = promptTokens;
  }

  /** Adds a token ({@code last}: it is the row's {@code max_tokens}-th); returns the text that became certain. */
  String add(int token, boolean last, List<String> stops) {
    if (size == tokens.length) {
      tokens = Arrays.copyOf(tokens, 2 * size);
    }
    tokens[size++] = token;
    String all = tokenizer.decode(Arrays.copyOf(tokens, size));
    int cut = -1;
    for (String s : stops) {
      int at = all.indexOf(s);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
      }
    }
    int safe;
    if (cut >= 0) {
      all = all.substring(0, cut);
      safe = all.length();
      finish = "stop";
    } else if (last) {
      safe = all.length();
      finish = "length";
    } else {
      safe = Sampler.certain(all, stops);
    }
    text = all;
    String piece = safe > emitted ? all.substring(emitted, safe) : "";
    emitted = Math.max(emitted, safe);
    return piece;
  }

  /** Why the row ended, or null while it runs. */
  String finish() {
    return finish;
  }

  Sampler.Completion completion() {
    return new Sampler.Completion(text, Arrays.copyOf(tokens, size), finish, promptTokens);
  }
}
