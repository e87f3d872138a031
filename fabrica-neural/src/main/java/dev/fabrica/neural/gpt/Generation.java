package dev.fabrica.neural.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Token-by-token generation for a batch of prompts, stepped by the caller (so callbacks, iterators
 * and servers all drive the same loop). Prompts of different lengths are left-padded: padding
 * keys are masked and each row's positions start at its first real token. The model sees a window
 * of at most {@code block_size} tokens; once the text outgrows it the window moves on by
 * {@code slide} tokens and the key/value cache is rebuilt from the new window, so with or without
 * the cache the model is asked the very same questions.
 */
final class Generation implements AutoCloseable {
  private final Gpt gpt;
  private final SamplingOptions options;
  private final NDManager manager;
  private final KvCache cache;
  private final int rows;
  private final int[] pad; // leading padding of each row
  private final int[][] seq; // padded tokens of each row, prompt then generated
  private final int[][] counts; // generated tokens of each row, by id, for the penalties
  private final SplittableRandom[] random;
  private final int slide;
  private int length; // padded length of every row
  private long cacheStart = -1; // padded index of the cache's first position
  private int generated;

  Generation(Gpt gpt, int[][] prompts, SamplingOptions options, NDManager parent) {
    this.gpt = gpt;
    this.options = options;
    this.manager = parent.newSubManager();
    this.cache = options.cache() ? new KvCache(gpt.config().nLayer(), manager) : null;
    this.rows = prompts.length;
    int block = gpt.config().blockSize();
    this.slide = options.slide() > 0 ? Math.min(options.slide(), block) : Math.max(1, block / 2);
    int longest = Arrays.stream(prompts).mapToInt(p -> p.length).max().orElse(0);
    this.pad = new int[rows];
    this.seq = new int[rows][longest + options.maxTokens()];
    this.counts = new int[rows][gpt.config().vocabSize()];
    this.random = new SplittableRandom[rows];
    SplittableRandom root = new SplittableRandom(options.seed());
    for (int b = 0; b < rows; b++) {
      if (prompts[b].length == 0) {
        throw new IllegalArgumentException("prompt " + b + " has no tokens");
      }
      pad[b] = longest - prompts[b].length;
      System.arraycopy(prompts[b], 0, seq[b], pad[b], prompts[b].length);
      random[b] = b == 0 ? new SplittableRandom(options.seed()) : root.split(); // row 0 draws as a lone prompt would
    }
    this.length = longest;
  }

  /** Generates one more token for every row; returns them (B). */
  int[] step() {
    if (generated >= options.maxTokens()) {
      throw new IllegalStateException("already generated max_tokens = " + options.maxTokens());
    }
    float[] logits;
    try (NDManager scope = manager.newSubManager()) {
      logits = nextLogits(scope).toFloatArray(); // (B·V)
    }
    int v = gpt.config().vocabSize();
    int[] next = new int[rows];
    for (int b = 0; b < rows; b++) {
      float[] row = Arrays.copyOfRange(logits, b * v, (b + 1) * v);
      next[b] = NextToken.pick(row, counts[b], options, random[b]);
      counts[b][next[b]]++;
      seq[b][length] = next[b];
    }
    length++;
    generated++;
    return next;
  }

  /** Logits (B, V) of the token after the current text. */
  private NDArray nextLogits(NDManager m) {
    int block = gpt.config().blockSize();
    int start = length <= block ? 0 : (int) ((length - block + slide - 1L) / slide * slide); // window [start, length)
    if (cache != null && cacheStart == start && cache.length() == length - 1 - start) {
      int j = length - 1; // the newest token, not yet in the cache
      long[] idx = new long[rows];
      long[] pos = new long[rows];
      for (int b = 0; b < rows; b++) {
        idx[b] = seq[b][j];
        pos[b] = j - Math.max(start, pad[b]);
      }
      NDArray h = gpt.hidden(m.create(idx, new Shape(rows, 1)), m.create(pos, new Shape(rows, 1)),
          padMask(m, start, j, j + 1), cache, false); // (B, 1, C)
      return gpt.head(Gpt.last(h));
    }
    if (cache != null) {
      cache.clear();
      cacheStart = start;
    }
    int t = length - start;
    long[] idx = new long[rows * t];
    long[] pos = new long[rows * t];
    for (int b = 0; b < rows; b++) {
      int first = Math.max(start, pad[b]); // the row's first real token in the window
      for (int i = 0; i < t; i++) {
        idx[b * t + i] = seq[b][start + i];
        pos[b * t + i] = Math.max(0, start + i - first);
      }
    }
    Shape s = new Shape(rows, t);
    NDArray h = gpt.hidden(m.create(idx, s), m.create(pos, s), padMask(m, start, start, length), cache, false); // (B, T, C)
    return gpt.head(Gpt.last(h));
  }

  /**
   * The additive mask (B, 1, queries, keys) for queries at padded indexes [from, to) over the keys
   * [start, to), or null when no row has padding in the window (then plain causal attention does).
   * A key is visible when it is real and not after the query; a padding query sees only itself.
   */
  private NDArray padMask(NDManager m, int start, int from, int to) {
    boolean padded = false;
    for (int p : pad) {
      padded |= p > start;
    }
    if (!padded) {
      return null;
    }
    int q = to - from;
    int k = to - start;
    float[] v = new float[rows * q * k];
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < q; i++) {
        int query = from + i;
        for (int j = 0; j < k; j++) {
          int key = start + j;
          boolean visible = key <= query && (key >= pad[b] || key == query);
          v[(b * q + i) * k + j] = visible ? 0 : Gpt.MASKED;
        }
      }
    }
    return m.create(v, new Shape(rows, 1, q, k));
  }

  int generated() {
    return generated;
  }

  @Override
  public void close() {
    manager.close();
  }
}
