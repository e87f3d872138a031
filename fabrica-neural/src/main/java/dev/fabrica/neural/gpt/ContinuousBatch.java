package dev.fabrica.neural.gpt;

import dev.fabrica.neural.text.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Continuous batching over the key/value cache: independent sequences, each with its own prompt,
 * {@link SamplingOptions} and random stream, advance one token per {@link #step} together, so
 * every weight matrix is read once per step for all of them (a matrix times several vectors
 * instead of several matrix-vector products). Sequences {@link #join} and {@link #leave} between
 * steps; a sequence that joined has its prompt (its window of it) computed in the next step,
 * in the same pass as the others' newest tokens, and draws its first token there.
 *
 * <p>Each sequence is generated exactly as {@link Sampler} generates it alone: the same windows
 * (the context moves on by {@code slide} tokens once full), the same logits bit for bit (the
 * decoder's sums run in the same order whatever else is in the pass) and the same random stream
 * (row b of a request draws as row b of {@link Sampler#generateIds} with that seed), so a request
 * gives the same text whether it runs alone or among others. Not for concurrent use: one thread
 * drives a batch.
 *
 * <p>A step with enough positions is split between threads ({@code threads}, at most one per
 * {@value #POSITIONS_PER_LANE} positions): each takes a run of the sequences through the whole model
 * with its own scratch, over the shared weights and cache (each touches only its own rows). The
 * stepping thread takes the first run; helpers, daemon threads shared by every batch, the others.
 * Sampling and the listeners stay on the stepping thread, in the sequences' order. A row's sums do
 * not depend on its company, so the split changes no bit of any result.
 */
public final class ContinuousBatch {
  private final Tokenizer tokenizer;
  /** Fewest positions worth a thread of their own: below it, the hand-over costs more than it saves. */
  static final int POSITIONS_PER_LANE = 2;
  private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fabrica-decode-lane");
    t.setDaemon(true);
    return t;
  });
  private final JavaDecoder decoder;
  private final Lane[] lanes; // lanes[0] runs on the stepping thread, with decoder
  private final Future<?>[] running;
  private final int block;
  private final int vocab;
  private final List<Sequence> active = new ArrayList<>();
  private final Deque<Integer> freeSlots = new ArrayDeque<>();
  private final float[][] logits; // [row of the step][V]
  private final int[] newest; // index in the pass of each sequence's newest position
  private int[] who = new int[0];
  private int[] tok = new int[0];
  private int[] pos = new int[0];
  private long steps;
  private long splitSteps;

  /**
   * A batch of at most {@code maxRows} sequences over a snapshot of {@code gpt}'s weights (copied
   * once, here; later training does not change it).
   */
  public ContinuousBatch(Gpt gpt, Tokenizer tokenizer, int maxRows) {
    this(gpt, tokenizer, maxRows, Runtime.getRuntime().availableProcessors());
  }

  /**
   * As {@link #ContinuousBatch(Gpt, Tokenizer, int)}, with steps split between at most {@code
   * threads} threads (1: every step on the stepping thread alone).
   */
  public ContinuousBatch(Gpt gpt, Tokenizer tokenizer, int maxRows, int threads) {
    this(tokenizer, decoder(gpt, maxRows), threads);
  }

  /**
   * {@code count} batches of at most {@code maxRows} sequences each, one thread a step, over one
   * snapshot of {@code gpt}'s weights (copied once for all of them): batches that separate threads
   * step side by side, each at its own pace, with no hand-over between them.
   */
  public static List<ContinuousBatch> replicas(Gpt gpt, Tokenizer tokenizer, int maxRows, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("at least 1 batch, got " + count);
    }
    JavaDecoder first = decoder(gpt, maxRows);
    List<ContinuousBatch> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new ContinuousBatch(tokenizer, i == 0 ? first : first.sibling(maxRows), 1));
    }
    return out;
  }

  /** A decoder over a snapshot of {@code gpt}'s weights with a cache of {@code maxRows} rows. */
  private static JavaDecoder decoder(Gpt gpt, int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("a batch needs at least 1 row, got " + maxRows);
    }
    return new JavaDecoder(DecodeWeights.of(gpt), maxRows);
  }

  private ContinuousBatch(Tokenizer tokenizer, JavaDecoder decoder, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("a batch needs at least 1 thread, got " + threads);
    }
    int maxRows = decoder.rows();
    this.tokenizer = tokenizer;
    this.decoder = decoder;
    this.lanes = new Lane[Math.min(threads, maxRows)];
    for (int l = 0; l < lanes.length; l++) {
      lanes[l] = new Lane(l == 0 ? decoder : decoder.lane(), maxRows);
    }
    this.running = new Future<?>[lanes.length];
    this.block = decoder.block();
    this.vocab = decoder.vocab();
    this.logits = new float[maxRows][vocab];
    this.newest = new int[maxRows];
    for (int slot = 0; slot < maxRows; slot++) {
      freeSlots.add(slot);
    }
  }

  /** The most sequences that run at once. */
  public int capacity() {
    return decoder.rows();
  }

  /** Sequences running now. */
  public int size() {
    return active.size();
  }

  /** Sequences that can still join. */
  public int free() {
    return freeSlots.size();
  }

  /** Steps run so far. */
  public long steps() {
    return steps;
  }

  /** Steps of which some sequences ran on another thread. */
  long splitSteps() {
    return splitSteps;
  }

  /** The sequences running now, in the order they joined. */
  public List<Sequence> active() {
    return Collections.unmodifiableList(active);
  }

  /**
   * Adds a sequence that starts at the next step.
   *
   * @param prompt its token ids, at least one (see {@link Prompts#encode})
   * @param row which row of its request it is: it draws from the random stream {@link Sampler}
   *     gives row {@code row} of a batch with {@code options.seed()}; the listener's calls carry it
   * @param listener receives each token and the text it made certain (may be null); it runs on the
   *     stepping thread, and if it throws, the sequence leaves with that {@link Sequence#failure}
   * @throws IllegalStateException when no row is free
   */
  public Sequence join(int[] prompt, SamplingOptions options, int row, Sampler.Listener listener) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("a prompt needs at least one token");
    }
    for (int t : prompt) {
      if (t < 0 || t >= vocab) {
        throw new IllegalArgumentException("token id " + t + " is outside the vocabulary of " + vocab);
      }
    }
    if (row < 0) {
      throw new IllegalArgumentException("row must not be negative, got " + row);
    }
    if (freeSlots.isEmpty()) {
      throw new IllegalStateException("the batch is full (" + capacity() + " rows)");
    }
    Sequence s = new Sequence(freeSlots.poll(), prompt, options, row, listener);
    active.add(s);
    return s;
  }

  /** Removes a running sequence (its client went away); no-op for one that already left. */
  public void leave(Sequence s) {
    if (active.remove(s)) {
      release(s);
    }
  }

  private void release(Sequence s) {
    decoder.cache().truncate(s.slot, 0);
    freeSlots.add(s.slot);
  }

  /**
   * Draws one token for every running sequence: the positions each one's cache lacks (its newest
   * token; its window of the prompt after joining; its whole window after the window moved on) go
   * through the model in one pass, then each row's logits through its own options and random
   * stream.
   *
   * @return the sequences that ended in this step (stop sequence, {@code max_tokens}, or a failing
   *     listener), which have left the batch
   */
  public List<Sequence> step() {
    List<Sequence> ended = new ArrayList<>();
    if (active.isEmpty()) {
      return ended;
    }
    KvCache cache = decoder.cache();
    int n = 0;
    for (Sequence s : active) {
      int start = Generation.windowStart(s.length, block, s.slide);
      if (s.cacheStart != start) {
        cache.truncate(s.slot, 0); // the window moved on: every position changes, recompute it
        s.cacheStart = start;
      }
      n += s.length - start - cache.length(s.slot);
    }
    if (who.length < n) {
      who = new int[n];
      tok = new int[n];
      pos = new int[n];
    }
    int i = 0;
    for (int j = 0; j < active.size(); j++) {
      Sequence s = active.get(j);
      for (int p = cache.length(s.slot); s.cacheStart + p < s.length; p++, i++) {
        who[i] = s.slot;
        tok[i] = s.tokens[s.cacheStart + p];
        pos[i] = p;
      }
      newest[j] = i - 1;
    }
    int parts = Math.min(lanes.length, n / POSITIONS_PER_LANE);
    if (parts <= 1) {
      float[][] hidden = decoder.feed(n, who, tok, pos); // [n][C]
      decoder.logits(active.size(), hidden, newest, logits); // [row][V]
    } else if (split(parts, n)) {
      splitSteps++;
    }
    for (int j = 0; j < active.size(); j++) {
      Sequence s = active.get(j);
      s.advance(logits[j]);
      if (s.ended()) {
        ended.add(s);
      }
    }
    active.removeAll(ended);
    for (Sequence s : ended) {
      release(s);
    }
    steps++;
    return ended;
  }

  /**
   * Runs the step's {@code n} positions as {@code parts} runs of whole sequences of about n/parts
   * positions each, the first on this thread, and waits for all of them.
   *
   * @return whether any run went to another thread
   */
  private boolean split(int parts, int n) {
    int j = 0;
    int p = 0;
    for (int l = 0; l < parts; l++) {
      int j0 = j;
      int p0 = p;
      int target = (int) ((long) n * (l + 1) / parts);
      while (j < active.size() && (l == parts - 1 || p < target)) {
        p = newest[j] + 1;
        j++;
      }
      lanes[l].take(who, tok, pos, newest, logits, j0, j, p0, p);
    }
    boolean helped = false;
    Throwable failure = null;
    try {
      for (int l = 1; l < parts; l++) {
        running[l] = lanes[l].empty() ? null : HELPERS.submit(lanes[l]);
        helped |= running[l] != null;
      }
      lanes[0].run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (int l = 1; l < parts; l++) { // every lane ends before the step does: they use this batch's cache
      if (running[l] == null) {
        continue;
      }
      boolean interrupted = false;
      while (true) {
        try {
          running[l].get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          } else {
            failure.addSuppressed(e.getCause());
          }
          break;
        }
      }
      running[l] = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      // lanes that finished have extended their rows' caches and the others have not: forget every
      // running row's cache, so that a later step recomputes each window, as after a failure unsplit
      for (Sequence s : active) {
        decoder.cache().truncate(s.slot, 0);
      }
      if (failure instanceof Error e) {
        throw e;
      }
      throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }
    return helped;
  }

  /** One thread's share of a split step: a run of sequences and their positions, with a decoder of its own. */
  private static final class Lane implements Runnable {
    private final JavaDecoder decoder;
    private final int[] who;
    private final int[] tok;
    private final int[] pos;
    private final int[] newest;
    private final float[][] logits;
    private int n;
    private int rows;

    Lane(JavaDecoder decoder, int maxRows) {
      this.decoder = decoder;
      this.who = new int[maxRows * decoder.block()];
      this.tok = new int[who.length];
      this.pos = new int[who.length];
      this.newest = new int[maxRows];
      this.logits = new float[maxRows][];
    }

    /** Sequences j0..j1 of the step, whose positions are p0..p1 of its arrays. */
    void take(int[] allWho, int[] allTok, int[] allPos, int[] allNewest, float[][] allLogits, int j0, int j1, int p0, int p1) {
      n = p1 - p0;
      rows = j1 - j0;
      System.arraycopy(allWho, p0, who, 0, n);
      System.arraycopy(allTok, p0, tok, 0, n);
      System.arraycopy(allPos, p0, pos, 0, n);
      for (int j = 0; j < rows; j++) {
        newest[j] = allNewest[j0 + j] - p0;
        logits[j] = allLogits[j0 + j];
      }
    }

    boolean empty() {
      return rows == 0;
    }

    @Override
    public void run() {
      if (rows > 0) {
        float[][] hidden = decoder.feed(n, who, tok, pos);
        decoder.logits(rows, hidden, newest, logits);
      }
    }
  }

  /** One sequence of a batch: its tokens, its window of the cache and its text. */
  public final class Sequence {
    private final int slot;
    private final SamplingOptions options;
    private final int row;
    private final Sampler.Listener listener;
    private final SplittableRandom random;
    private final int slide;
    private final int[] tokens; // prompt, then generated
    private final int[] counts; // generated tokens by id, for the penalties
    private final RowText text;
    private int length;
    private int generated;
    private int cacheStart = -1; // index of the first token of the window the cache holds
    private RuntimeException failure;

    private Sequence(int slot, int[] prompt, SamplingOptions options, int row, Sampler.Listener listener) {
      this.slot = slot;
      this.options = options;
      this.row = row;
      this.listener = listener;
      this.random = Generation.random(options.seed(), row);
      this.slide = Generation.slide(options, block);
      this.tokens = new int[prompt.length + options.maxTokens()];
      System.arraycopy(prompt, 0, tokens, 0, prompt.length);
      this.length = prompt.length;
      this.counts = new int[vocab];
      this.text = new RowText(tokenizer, prompt.length);
    }

    private void advance(float[] rowLogits) {
      int next = NextToken.pick(rowLogits, counts, options, random);
      counts[next]++;
      tokens[length++] = next;
      generated++;
      String piece = text.add(next, generated == options.maxTokens(), options.stop());
      if (listener != null) {
        try {
          listener.onToken(row, next, piece);
        } catch (RuntimeException e) {
          failure = e;
        }
      }
    }

    private boolean ended() {
      return text.finish() != null || failure != null;
    }

    /** The row of its request this sequence is. */
    public int row() {
      return row;
    }

    /** Tokens generated so far. */
    public int generated() {
      return generated;
    }

    /** "stop" or "length" once it ended so; null while it runs, after {@link #leave} or a failing listener. */
    public String finishReason() {
      return text.finish();
    }

    /** What the listener threw, if it did. */
    public RuntimeException failure() {
      return failure;
    }

    /** The text and tokens so far (whole once {@link #finishReason} is set). */
    public Sampler.Completion completion() {
      return text.completion();
    }
  }
}
