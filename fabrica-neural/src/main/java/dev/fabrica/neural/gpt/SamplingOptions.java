package dev.fabrica.neural.gpt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How to draw text from a {@link Gpt}, with OpenAI's parameter names. Logits are adjusted in this
 * order: frequency and presence penalties (l −= frequency·count + presence·[count > 0], counting
 * the tokens generated so far), division by the temperature (0: always the most likely token),
 * top-k (keep the k largest, 0: all), top-p (keep the smallest set of most likely tokens whose
 * probability reaches p). {@code slide}: when the context is full the window moves on by this many
 * tokens at once (0: half the context), so the cache is rebuilt once per slide instead of per token.
 */
public record SamplingOptions(
    @JsonProperty("max_tokens") int maxTokens,
    @JsonProperty("temperature") double temperature,
    @JsonProperty("top_k") int topK,
    @JsonProperty("top_p") double topP,
    @JsonProperty("frequency_penalty") double frequencyPenalty,
    @JsonProperty("presence_penalty") double presencePenalty,
    @JsonProperty("stop") List<String> stop,
    @JsonProperty("seed") long seed,
    @JsonProperty("cache") boolean cache,
    @JsonProperty("slide") int slide) {

  public SamplingOptions {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be a number ≥ 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top_k must not be negative (0 keeps every token), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (!(Math.abs(frequencyPenalty) <= 2)) {
      throw new IllegalArgumentException("frequency_penalty must be in [-2, 2], got " + frequencyPenalty);
    }
    if (!(Math.abs(presencePenalty) <= 2)) {
      throw new IllegalArgumentException("presence_penalty must be in [-2, 2], got " + presencePenalty);
    }
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (stop.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("a stop sequence must not be empty");
    }
    if (slide < 0) {
      throw new IllegalArgumentException("slide must not be negative (0: half the context), got " + slide);
    }
  }

  /** 200 tokens at temperature 1, no truncation or penalties, seed 1, with the cache. */
  public static SamplingOptions defaults() {
    return new SamplingOptions(200, 1.0, 0, 1.0, 0, 0, List.of(), 1, true, 0);
  }

  public SamplingOptions withMaxTokens(int n) {
    return new SamplingOptions(n, temperature, topK, topP, frequencyPenalty, presencePenalty, stop, seed, cache, slide);
  }

  public SamplingOptions withTemperature(double t) {
    return new SamplingOptions(maxTokens, t, topK, topP, frequencyPenalty, presencePenalty, stop, seed, cache, slide);
  }

  public SamplingOptions withTopK(int k) {
    return new SamplingOptions(maxTokens, temperature, k, topP, frequencyPenalty, presencePenalty, stop, seed, cache, slide);
  }

  public SamplingOptions withTopP(double p) {
    return new SamplingOptions(maxTokens, temperature, topK, p, frequencyPenalty, presencePenalty, stop, seed, cache, slide);
  }

  public SamplingOptions withPenalties(double frequency, double presence) {
    return new SamplingOptions(maxTokens, temperature, topK, topP, frequency, presence, stop, seed, cache, slide);
  }

  public SamplingOptions withStop(List<String> s) {
    return new SamplingOptions(maxTokens, temperature, topK, topP, frequencyPenalty, presencePenalty, s, seed, cache, slide);
  }

  public SamplingOptions withSeed(long s) {
    return new SamplingOptions(maxTokens, temperature, topK, topP, frequencyPenalty, presencePenalty, stop, s, cache, slide);
  }

  public SamplingOptions withCache(boolean c) {
    return new SamplingOptions(maxTokens, temperature, topK, topP, frequencyPenalty, presencePenalty, stop, seed, c, slide);
  }

  public SamplingOptions withSlide(int s) {
    return new SamplingOptions(maxTokens, temperature, topK, topP, frequencyPenalty, presencePenalty, stop, seed, cache, s);
  }
}
