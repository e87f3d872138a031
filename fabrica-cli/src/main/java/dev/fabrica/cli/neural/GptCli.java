package dev.fabrica.cli.neural;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gpt.GptEval;
import dev.fabrica.neural.gpt.Prompts;
import dev.fabrica.neural.gpt.Sampler;
import dev.fabrica.neural.gpt.SamplingOptions;
import dev.fabrica.neural.run.GptRuns;
import dev.fabrica.neural.text.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What {@code fabrica sample} and {@code fabrica eval} do with a GPT run. */
public final class GptCli {
  private GptCli() {}

  /**
   * Prints {@code n} texts continuing the prompt: one streamed as it is generated, several drawn
   * in one batch and printed one after another, separated by a line of dashes.
   */
  public static int sample(Path run, GptSampleOptions opts, int n, long seed, int threads, PrintWriter out, Reporter r) {
    if (n < 1) {
      throw new BadInputException("-n must be at least 1, got " + n);
    }
    SamplingOptions o = opts.toOptions(seed);
    Torch.start(threads);
    try (NDManager m = NDManager.newBaseManager(); GptRuns.Loaded model = GptRuns.load(run, m)) {
      String prompt = prompt(model.tokenizer(), opts.prompt, opts.dropUnknown, "--prompt", r);
      Sampler s = new Sampler(model.gpt(), model.tokenizer());
      out.print(opts.prompt);
      if (n == 1) {
        s.generate(prompt, o, (row, token, text) -> {
          out.print(text);
          out.flush();
        });
        out.println();
      } else {
        List<Sampler.Completion> all = s.generate(Collections.nCopies(n, prompt), o, null);
        for (int i = 0; i < all.size(); i++) {
          out.println((i == 0 ? "" : opts.prompt) + all.get(i).text());
          if (i + 1 < all.size()) {
            out.println("---");
          }
        }
      }
      out.flush();
    }
    return 0;
  }

  /** Loss, perplexity and bits per character of a GPT run on a text file. */
  public static Map<String, Object> eval(Path run, Path text, int threads) {
    if (text == null) {
      throw new BadInputException("--text is required for a gpt model: the held-out text to score");
    }
    String body = GptRuns.readText(text, "--text");
    Torch.start(threads);
    try (NDManager m = NDManager.newBaseManager(); GptRuns.Loaded model = GptRuns.load(run, m)) {
      Map<String, Object> scores = GptEval.evaluate(model.gpt(), model.tokenizer(), body, "--text " + text);
      scores.put("text", text.toString());
      return scores;
    }
  }

  /**
   * The prompt as the model can read it: unchanged, or without the characters its vocabulary
   * lacks when {@code drop} (saying which went), or an error naming the option and the characters.
   */
  static String prompt(Tokenizer tok, String prompt, boolean drop, String option, Reporter r) {
    String unknown = Prompts.unknown(tok, prompt);
    if (unknown.isEmpty()) {
      return prompt;
    }
    if (!drop) {
      throw new BadInputException(option + ": the model's vocabulary lacks " + describe(unknown)
          + " (pass --drop-unknown to leave them out)");
    }
    r.warn("left out " + describe(unknown) + ", which the model's vocabulary lacks");
    return Prompts.dropUnknown(tok, prompt);
  }

  private static String describe(String chars) {
    StringBuilder b = new StringBuilder();
    chars.codePoints().limit(10).forEach(cp -> b.append(b.length() == 0 ? "" : ", ")
        .append('\'').appendCodePoint(cp).append("' (U+").append(String.format("%04X", cp)).append(')'));
    int n = (int) chars.codePoints().count();
    return (n == 1 ? "the character " : n + " characters: ") + b + (n > 10 ? ", …" : "");
  }
}
