package dev.fabrica.cli.neural;

import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.gpt.SamplingOptions;
import java.util.List;
import picocli.CommandLine.Option;

/** Sampling options of GPT runs, shared by {@code fabrica sample} and {@code fabrica chat}; defaults from {@link SamplingOptions#defaults()}. */
public final class GptSampleOptions {
  @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "", description = "gpt: the text to continue (default: none, start of a line); t2i: what to draw.")
  String prompt;

  /** The --prompt text ("" when not given). */
  public String prompt() {
    return prompt;
  }

  @Option(names = "--max-tokens", paramLabel = "N", description = "gpt: new tokens at most (default: 200).")
  Integer maxTokens;

  @Option(names = "--temperature", paramLabel = "T", description = "gpt: softmax temperature; 0 picks the most likely token (default: 1).")
  Double temperature;

  @Option(names = "--top-k", paramLabel = "K", description = "gpt: sample among the K most likely tokens only (default: all).")
  Integer topK;

  @Option(names = "--top-p", paramLabel = "P", description = "gpt: nucleus sampling mass (default: 1).")
  Double topP;

  @Option(names = "--frequency-penalty", paramLabel = "X", description = "gpt: subtract X times a token's count so far from its logit, -2..2 (default: 0).")
  Double frequencyPenalty;

  @Option(names = "--presence-penalty", paramLabel = "X", description = "gpt: subtract X from the logit of every token already generated, -2..2 (default: 0).")
  Double presencePenalty;

  @Option(names = "--stop", paramLabel = "TEXT", description = "gpt: end at this text (repeatable; not printed).")
  List<String> stop;

  @Option(names = "--no-cache", description = "gpt: recompute the whole context for every token (slow; for comparison).")
  boolean noCache;

  @Option(names = "--drop-unknown", description = "gpt: leave out prompt characters the vocabulary lacks instead of failing.")
  boolean dropUnknown;

  /** The options, each bad value named by its option. */
  public SamplingOptions toOptions(long seed) {
    SamplingOptions d = SamplingOptions.defaults();
    check(maxTokens == null || maxTokens >= 1, "--max-tokens must be at least 1, got " + maxTokens);
    check(temperature == null || temperature >= 0, "--temperature must be 0 or more, got " + temperature);
    check(topK == null || topK >= 0, "--top-k must not be negative, got " + topK);
    check(topP == null || (topP > 0 && topP <= 1), "--top-p must be in (0, 1], got " + topP);
    check(frequencyPenalty == null || Math.abs(frequencyPenalty) <= 2, "--frequency-penalty must be in [-2, 2], got " + frequencyPenalty);
    check(presencePenalty == null || Math.abs(presencePenalty) <= 2, "--presence-penalty must be in [-2, 2], got " + presencePenalty);
    check(stop == null || stop.stream().noneMatch(String::isEmpty), "--stop must not be empty");
    return new SamplingOptions(
        maxTokens == null ? d.maxTokens() : maxTokens,
        temperature == null ? d.temperature() : temperature,
        topK == null ? d.topK() : topK,
        topP == null ? d.topP() : topP,
        frequencyPenalty == null ? d.frequencyPenalty() : frequencyPenalty,
        presencePenalty == null ? d.presencePenalty() : presencePenalty,
        stop == null ? d.stop() : stop,
        seed, !noCache, d.slide());
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new BadInputException(message);
    }
  }
}
