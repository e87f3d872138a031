package dev.fabrica.neural.gpt;

import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.text.Tokenizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Text from a trained {@link Gpt}: one prompt or several at once, whole or streamed token by token.
 * Generation ends at {@code max_tokens} ("length") or when a stop sequence appears ("stop"); the
 * returned text excludes the stop sequence, and streamed pieces never show any part of it, nor half
 * of a character whose UTF-8 bytes are split over BPE tokens.
 */
public final class Sampler {
  /** Receives each piece of text as soon as it is certain: row of the batch, token id, new text (may be empty). */
  public interface Listener {
    void onToken(int row, int token, String text);
  }

  /** What one prompt produced. */
  public record Completion(String text, int[] tokens, String finishReason, int promptTokens) {}

  private final Gpt gpt;
  private final Tokenizer tokenizer;

  public Sampler(Gpt gpt, Tokenizer tokenizer) {
    this.gpt = gpt;
    this.tokenizer = tokenizer;
  }

  /** Generates from one prompt (see {@link Prompts#encode} for empty prompts and unknown characters). */
  public Completion generate(String prompt, SamplingOptions options, Listener listener) {
    return generate(List.of(prompt), options, listener).get(0);
  }

  /** Generates from several prompts at once, in one batch; row b's listener calls carry b. */
  public List<Completion> generate(List<String> prompts, SamplingOptions options, Listener listener) {
    int[][] ids = new int[prompts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Prompts.encode(tokenizer, prompts.get(i));
    }
    return generateIds(ids, options, listener);
  }

  /** Generates from prompts already encoded. */
  public List<Completion> generateIds(int[][] prompts, SamplingOptions options, Listener listener) {
    return run(prompts, options, listener, null).completions();
  }

  /** A conversation with this model: each turn's prompt extends the last, and the cache carries over. */
  public Conversation conversation() {
    return new Conversation(this);
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  /** What a generation produced, the cache it leaves and how many prompt positions it took from {@code reuse}. */
  record Run(List<Completion> completions, Generation.Cached cached, int reused) {}

  Run run(int[][] prompts, SamplingOptions options, Listener listener, Generation.Cached reuse) {
    RowText[] rows = new RowText[prompts.length];
    for (int b = 0; b < rows.length; b++) {
      rows[b] = new RowText(tokenizer, prompts[b].length);
    }
    Generation.Cached cached;
    int reused;
    try (NDManager m = NDManager.newBaseManager(); Generation g = new Generation(gpt, prompts, options, m, reuse)) {
      int live = rows.length;
      while (live > 0 && g.generated() < options.maxTokens()) {
        int[] next = g.step();
        boolean last = g.generated() == options.maxTokens();
        for (int b = 0; b < rows.length; b++) {
          if (rows[b].finish() == null) {
            String piece = rows[b].add(next[b], last, options.stop());
            if (listener != null) {
              listener.onToken(b, next[b], piece);
            }
            live -= rows[b].finish() != null ? 1 : 0;
          }
        }
      }
      cached = g.cached();
      reused = g.reused();
    }
    List<Completion> out = new ArrayList<>();
    for (RowText r : rows) {
      out.add(r.completion());
    }
    return new Run(out, cached, reused);
  }

  /** The pieces of text of one prompt as an iterator; generation runs as the iterator is read. */
  public Iterator<String> stream(String prompt, SamplingOptions options) {
    java.util.concurrent.BlockingQueue<Object> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    Object end = new Object();
    Thread t = new Thread(() -> {
      try {
        generate(prompt, options, (row, token, text) -> queue.add(text));
        queue.add(end);
      } catch (RuntimeException e) {
        queue.add(e);
      }
    }, "fabrica-gpt-stream");
    t.setDaemon(true);
    t.start();
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next token", e);
          }
        }
        if (next instanceof RuntimeException e) {
          throw e;
        }
        return next != end;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String s = (String) next;
        next = null;
        return s;
      }
    };
  }

  /**
   * Length of the prefix of {@code text} that no later token can change: without trailing U+FFFD
   * (an incomplete UTF-8 character) and without a suffix that could begin a stop sequence.
   */
  static int certain(String text, List<String> stops) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
      end--;
    }
    int hold = 0;
    for (String s : stops) {
      for (int k = Math.min(s.length() - 1, end); k > hold; k--) {
        if (text.startsWith(s.substring(0, k), end - k)) {
          hold = k;
          break;
        }
      }
    }
    int safe = end - hold;
    if (safe > 0 && Character.isHighSurrogate(text.charAt(safe - 1))) {
      safe--; // never split a surrogate pair
    }
    return safe;
  }
}
