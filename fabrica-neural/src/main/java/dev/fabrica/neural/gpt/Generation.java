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
 * the cache the model is asked the very same questions. With the cache, the positions it lacks
 * (the newest token, or a whole window after a slide) run through {@link JavaDecoder}, every row's
 * in one call; padding is never computed, as each row's cache holds its real tokens only. Without
 * it, the whole window goes through the libtorch forward at each step.
 */
final class Generation implements AutoCloseable {
  private final Gpt gpt;
  private final SamplingOptions options;
  private final NDManager manager;
  private final JavaDecoder decoder; // null without the cache
  private final int rows;
  private final int[] pad; // leading padding of each row
  private final int[][] seq; // padded tokens of each row, prompt then generated
  private final int[][] counts; // generated tokens of each row, by id, for the penalties
  private final SplittableRandom[] random;
  private final int slide;
  private int length; // padded length of every row
  private long cacheStart = -1; // padded index of the window the cache holds
  private int generated;
  private int reusedPositions;

  /**
   * What a one-row generation leaves in its cache, for the next generation of a growing text:
   * the decoder and the tokens its cache holds, from padded index {@code start} on.
   */
  record Cached(JavaDecoder decoder, long start, int[] tokens) {}

  Generation(Gpt gpt, int[][] prompts, SamplingOptions options, NDManager parent) {
    this(gpt, prompts, options, parent, null);
  }

  /**
   * A generation that, for one prompt with the cache on, starts from {@code reuse} (null: none):
   * the cached positions its prompt shares with the earlier text are not computed again.
   */
  Generation(Gpt gpt, int[][] prompts, SamplingOptions options, NDManager parent, Cached reuse) {
    this.gpt = gpt;
    this.options = options;
    this.manager = parent.newSubManager();
    this.rows = prompts.length;
    boolean reusing = reuse != null && rows == 1 && options.cache();
    this.decoder = !options.cache() ? null : reusing ? reuse.decoder() : new JavaDecoder(DecodeWeights.of(gpt), rows);
    int block = gpt.config().blockSize();
    this.slide = slide(options, block);
    int longest = Arrays.stream(prompts).mapToInt(p -> p.length).max().orElse(0);
    this.pad = new int[rows];
    this.seq = new int[rows][longest + options.maxTokens()];
    this.counts = new int[rows][gpt.config().vocabSize()];
    this.random = new SplittableRandom[rows];
    for (int b = 0; b < rows; b++) {
      if (prompts[b].length == 0) {
        throw new IllegalArgumentException("prompt " + b + " has no tokens");
      }
      pad[b] = longest - prompts[b].length;
      System.arraycopy(prompts[b], 0, seq[b], pad[b], prompts[b].length);
      random[b] = random(options.seed(), b);
    }
    this.length = longest;
    if (reusing) {
      keep(reuse);
    }
  }

  /** Keeps the cached positions of {@code reuse} that this prompt repeats, in the same window. */
  private void keep(Cached reuse) {
    KvCache cache = decoder.cache();
    int start = windowStart();
    int same = 0;
    if (reuse.start() == start) {
      int most = Math.min(reuse.tokens().length, length - start - 1); // the newest token is always fed: its logits are needed
      while (same < most && reuse.tokens()[same] == seq[0][start + same]) {
        same++;
      }
    }
    cache.truncate(0, same);
    cacheStart = start;
    reusedPositions = same;
  }

  /** The state a later generation of the same growing text can start from; null unless one row with the cache. */
  Cached cached() {
    if (decoder == null || rows != 1 || cacheStart < 0) {
      return null;
    }
    int from = (int) cacheStart;
    return new Cached(decoder, cacheStart, Arrays.copyOfRange(seq[0], from, from + decoder.cache().length(0)));
  }

  /** Prompt positions taken from an earlier generation's cache instead of computed (0 without reuse). */
  int reused() {
    return reusedPositions;
  }

  /** Generates one more token for every row; returns them (B). */
  int[] step() {
    if (generated >= options.maxTokens()) {
      throw new IllegalStateException("already generated max_tokens = " + options.maxTokens());
    }
    float[] logits;
    if (decoder != null) {
      logits = cachedLogits();
    } else {
      try (NDManager scope = manager.newSubManager()) {
        logits = nextLogits(scope).toFloatArray(); // (B·V)
      }
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

  /** Padded index of the first token of the window the model sees: [start, length). */
  private int windowStart() {
    return windowStart(length, gpt.config().blockSize(), slide);
  }

  /** How far the window moves when the context is full: {@code slide}, or half the context when 0. */
  static int slide(SamplingOptions options, int block) {
    return options.slide() > 0 ? Math.min(options.slide(), block) : Math.max(1, block / 2);
  }

  /**
   * Index of the first token of the window the model sees of a text of {@code length} tokens: 0
   * while it fits in {@code block}, then the smallest multiple of {@code slide} that leaves at most
   * {@code block} tokens, so the window moves on {@code slide} tokens at a time.
   */
  static int windowStart(int length, int block, int slide) {
    return length <= block ? 0 : (int) ((length - block + slide - 1L) / slide * slide);
  }

  /**
   * The random stream of row {@code row} of a generation with this seed: row 0 draws from the seed
   * itself (as a lone prompt does), row b ≥ 1 from the b-th split of it, so a row draws the same
   * whatever else runs beside it.
   */
  static SplittableRandom random(long seed, int row) {
    SplittableRandom r = new SplittableRandom(seed);
    if (row == 0) {
      return r;
    }
    SplittableRandom split = null;
    for (int b = 0; b < row; b++) {
      split = r.split();
    }
    return split;
  }

  /**
   * Logits (B·V) from the cache: every row feeds the window's tokens it has not seen yet, all rows
   * and positions in one call (the newest token only, until the window slides and the cache restarts).
   */
  private float[] cachedLogits() {
    int start = windowStart();
    KvCache cache = decoder.cache();
    if (cacheStart != start) {
      cache.clear();
      cacheStart = start;
    }
    int n = 0;
    for (int b = 0; b < rows; b++) {
      n += length - Math.max(start, pad[b]) - cache.length(b); // first real token of the row in the window, less what is cached
    }
    int[] who = new int[n];
    int[] tok = new int[n];
    int[] pos = new int[n];
    int[] last = new int[rows]; // index of each row's newest token in the call
    int i = 0;
    for (int b = 0; b < rows; b++) {
      int first = Math.max(start, pad[b]);
      for (int p = cache.length(b); first + p < length; p++, i++) {
        who[i] = b;
        tok[i] = seq[b][first + p];
        pos[i] = p;
      }
      last[b] = i - 1;
    }
    float[][] hidden = decoder.feed(n, who, tok, pos); // [n][C]
    int v = gpt.config().vocabSize();
    float[] logits = new float[rows * v];
    for (int b = 0; b < rows; b++) {
      decoder.logits(hidden[last[b]], logits, b * v);
    }
    return logits;
  }

  /** Logits (B, V) of the token after the current text: the whole window through the libtorch forward. */
  private NDArray nextLogits(NDManager m) {
    int start = windowStart();
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
    NDArray h = gpt.hidden(m.create(idx, s), m.create(pos, s), padMask(m, start, start, length), false); // (B, T, C)
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
