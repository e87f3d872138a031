package dev.fabrica.neural.gpt;

/**
 * Successive generations of one growing text, as in a chat: each turn's prompt is the conversation
 * so far, which begins with the text of the turn before. The key/value cache of the last turn is
 * kept, and the positions the new prompt shares with it are not computed again (as long as the
 * window has not moved on); the tokens drawn are exactly those of a fresh {@link Sampler#generate}.
 * Not for concurrent use.
 */
public final class Conversation {
  private final Sampler sampler;
  private Generation.Cached cached;
  private int reused;

  Conversation(Sampler sampler) {
    this.sampler = sampler;
  }

  /** Generates the next turn from the whole conversation's prompt (see {@link Sampler#generate}). */
  public Sampler.Completion generate(String prompt, SamplingOptions options, Sampler.Listener listener) {
    int[][] ids = {Prompts.encode(sampler.tokenizer(), prompt)};
    Sampler.Run run = sampler.run(ids, options, listener, cached);
    cached = run.cached();
    reused = run.reused();
    return run.completions().get(0);
  }

  /** Prompt positions the last turn took from the cache instead of computing them. */
  public int reusedPositions() {
    return reused;
  }

  /** Forgets the cache (the next turn computes its whole prompt). */
  public void reset() {
    cached = null;
  }
}
