package dev.fabrica.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gpt.ContinuousBatch;
import dev.fabrica.neural.gpt.Gpt;
import dev.fabrica.neural.gpt.GptConfig;
import dev.fabrica.neural.gpt.Prompts;
import dev.fabrica.neural.gpt.Sampler;
import dev.fabrica.neural.gpt.SamplingOptions;
import dev.fabrica.neural.text.CharTokenizer;
import dev.fabrica.neural.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A text model's batching worker without HTTP: requests that arrive together share steps, each
 * still gets the text it gets alone; stopped requests leave; the queue stays bounded. A listener
 * that waits on a gate holds the worker so that the requests to batch are all queued first.
 */
class BatchWorkerTest {
  static NDManager manager;
  static Gpt gpt;
  static Tokenizer tok;
  static Sampler alone;

  @BeforeAll
  static void model() {
    Torch.start(1);
    manager = NDManager.newBaseManager();
    tok = CharTokenizer.train("abcdefghijklmnopqrstuvwx");
    gpt = new Gpt(GptConfig.tiny().withVocabSize(tok.vocabSize()).withSeed(3), manager); // untrained: varied tokens
    alone = new Sampler(gpt, tok);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static int[][] ids(String... prompts) {
    int[][] out = new int[prompts.length][];
    for (int i = 0; i < prompts.length; i++) {
      out[i] = Prompts.encode(tok, prompts[i]);
    }
    return out;
  }

  /** Holds the worker in its first token's listener until {@link #open}. */
  static final class Gate implements Sampler.Listener {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void onToken(int row, int token, String text) {
      reached.countDown();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted at the gate", e);
      }
    }

    void awaitReached() throws InterruptedException {
      assertThat(reached.await(10, TimeUnit.SECONDS)).as("the worker reached the gate").isTrue();
    }
  }

  static final BooleanSupplier NEVER = () -> false;

  /** The largest bucket bound of fabrica_batch_step_rows that holds fewer than all steps (0: every step had 1 row). */
  static double widestStepAbove(Metrics m, String model) {
    String text = m.text();
    Matcher count = Pattern.compile("fabrica_batch_step_rows_count\\{model=\"" + model + "\"} (\\d+)").matcher(text);
    assertThat(count.find()).as(text).isTrue();
    long steps = Long.parseLong(count.group(1));
    Matcher b = Pattern.compile("fabrica_batch_step_rows_bucket\\{model=\"" + model + "\",le=\"([0-9.]+)\"} (\\d+)").matcher(text);
    double above = 0;
    while (b.find()) {
      if (Long.parseLong(b.group(2)) < steps) {
        above = Double.parseDouble(b.group(1));
      }
    }
    return above;
  }

  @Test
  void requests_that_arrive_together_share_steps_and_each_gets_the_text_it_gets_alone() throws Exception {
    Metrics metrics = new Metrics();
    BatchWorker w = new BatchWorker("m", new ContinuousBatch(gpt, tok, 8), 16, metrics);
    try {
      SamplingOptions d = SamplingOptions.defaults();
      Gate gate = new Gate();
      CompletableFuture<List<Sampler.Completion>> first = w.submit(ids("ab"), d.withMaxTokens(30).withSeed(1), NEVER, gate);
      gate.awaitReached();
      List<SamplingOptions> options = List.of(d.withMaxTokens(40).withSeed(2), d.withMaxTokens(9).withTemperature(0),
          d.withMaxTokens(35).withTopK(4).withTemperature(0.8).withSeed(3), d.withMaxTokens(50).withStop(List.of("q")).withSeed(4),
          d.withMaxTokens(20).withTopP(0.5).withPenalties(1, 1).withSeed(5));
      List<String> prompts = List.of("xwv", "c", "hgfedcba", "mmm", "ponml");
      List<CompletableFuture<List<Sampler.Completion>>> rest = new ArrayList<>();
      for (int i = 0; i < options.size(); i++) {
        rest.add(w.submit(ids(prompts.get(i)), options.get(i), NEVER, null));
      }
      // n = 2 of one prompt: two rows, drawing as a Sampler's batch of two does
      CompletableFuture<List<Sampler.Completion>> pair = w.submit(ids("kk", "kk"), d.withMaxTokens(25).withSeed(6), NEVER, null);
      assertThat(w.depth()).isEqualTo(7);
      gate.open.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).get(0).tokens()).isEqualTo(alone.generate("ab", d.withMaxTokens(30).withSeed(1), null).tokens());
      for (int i = 0; i < options.size(); i++) {
        Sampler.Completion got = rest.get(i).get(10, TimeUnit.SECONDS).get(0);
        Sampler.Completion single = alone.generate(prompts.get(i), options.get(i), null);
        assertThat(got.tokens()).as("request %d", i).isEqualTo(single.tokens());
        assertThat(got.text()).isEqualTo(single.text());
        assertThat(got.finishReason()).isEqualTo(single.finishReason());
      }
      List<Sampler.Completion> two = pair.get(10, TimeUnit.SECONDS);
      List<Sampler.Completion> samplerTwo = alone.generate(List.of("kk", "kk"), d.withMaxTokens(25).withSeed(6), null);
      assertThat(two.get(0).tokens()).isEqualTo(samplerTwo.get(0).tokens());
      assertThat(two.get(1).tokens()).isEqualTo(samplerTwo.get(1).tokens()).isNotEqualTo(two.get(0).tokens());
      // all eight rows (seven requests) ran in the same steps once the gate opened
      assertThat(widestStepAbove(metrics, "m")).isEqualTo(4.0); // some step had more than 4 rows (at most 8)
      assertThat(metrics.text()).contains("fabrica_batch_step_rows_bucket{model=\"m\",le=\"8.0\"}");
      assertThat(w.depth()).isZero();
      assertThat(w.rows()).isZero();
    } finally {
      w.close();
    }
  }

  @Test
  void replicas_side_by_side_take_requests_by_load_answer_as_one_batch_and_share_the_queue_limit() throws Exception {
    Metrics metrics = new Metrics();
    TextWorkers w = new TextWorkers("m", ContinuousBatch.replicas(gpt, tok, 4, 2), 3, metrics);
    try {
      SamplingOptions d = SamplingOptions.defaults();
      Gate gate0 = new Gate();
      Gate gate1 = new Gate();
      // two rows to the first replica (both empty: the first of equals), held at its first token
      CompletableFuture<List<Sampler.Completion>> pair = w.submit(ids("ab", "ab"), d.withMaxTokens(20).withSeed(1), NEVER, gate0);
      gate0.awaitReached();
      assertThat(w.held()).containsExactly(2, 0);
      // the next goes where fewer rows are held: the second replica, which then holds it at its gate
      CompletableFuture<List<Sampler.Completion>> one = w.submit(ids("xwv"), d.withMaxTokens(30).withSeed(2), NEVER, gate1);
      gate1.awaitReached();
      assertThat(w.held()).containsExactly(2, 1);
      // a third request fits the limit of 3 held in all; a fourth is 429 although the second replica has room
      CompletableFuture<List<Sampler.Completion>> third = w.submit(ids("c"), d.withMaxTokens(9).withTemperature(0), NEVER, null);
      assertThat(w.held()).containsExactly(2, 2);
      assertThat(w.depth()).isEqualTo(3);
      assertThatThrownBy(() -> w.submit(ids("d"), d, NEVER, null)).isInstanceOf(ApiError.class)
          .extracting(e -> ((ApiError) e).status()).isEqualTo(429);
      gate0.open.countDown();
      gate1.open.countDown();
      List<Sampler.Completion> two = pair.get(10, TimeUnit.SECONDS);
      List<Sampler.Completion> samplerTwo = alone.generate(List.of("ab", "ab"), d.withMaxTokens(20).withSeed(1), null);
      assertThat(two.get(0).tokens()).isEqualTo(samplerTwo.get(0).tokens());
      assertThat(two.get(1).tokens()).isEqualTo(samplerTwo.get(1).tokens());
      assertThat(one.get(10, TimeUnit.SECONDS).get(0).tokens()).isEqualTo(alone.generate("xwv", d.withMaxTokens(30).withSeed(2), null).tokens());
      assertThat(third.get(10, TimeUnit.SECONDS).get(0).tokens())
          .isEqualTo(alone.generate("c", d.withMaxTokens(9).withTemperature(0), null).tokens());
      assertThat(w.depth()).isZero();
      assertThat(w.held()).containsExactly(0, 0);
      assertThat(w.rows()).isZero();
      // retiring runs its after-action once, when both replicas have finished
      AtomicInteger closed = new AtomicInteger();
      CountDownLatch retired = new CountDownLatch(1);
      w.retire(() -> {
        closed.incrementAndGet();
        retired.countDown();
      });
      assertThat(retired.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(50);
      assertThat(closed.get()).isEqualTo(1);
    } finally {
      w.close();
    }
  }

  @Test
  void a_stopped_request_leaves_at_once_and_the_others_are_unaffected() throws Exception {
    Metrics metrics = new Metrics();
    BatchWorker w = new BatchWorker("m", new ContinuousBatch(gpt, tok, 4), 16, metrics);
    try {
      SamplingOptions o = SamplingOptions.defaults().withMaxTokens(60).withStop(List.of("\u0001"));
      Gate gate = new Gate();
      CompletableFuture<List<Sampler.Completion>> a = w.submit(ids("ab"), o.withSeed(1), NEVER, gate);
      gate.awaitReached();
      AtomicBoolean gone = new AtomicBoolean();
      AtomicInteger seen = new AtomicInteger();
      CompletableFuture<List<Sampler.Completion>> stopped = w.submit(ids("cd"), o.withSeed(2), gone::get, (row, t, text) -> {
        if (seen.incrementAndGet() == 5) {
          gone.set(true); // the client goes away after five tokens
        }
      });
      CompletableFuture<List<Sampler.Completion>> c = w.submit(ids("ef"), o.withSeed(3), NEVER, null);
      gate.open.countDown();
      assertThatThrownBy(() -> stopped.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(BatchWorker.Stopped.class);
      assertThat(seen.get()).as("no token after the one that stopped it").isEqualTo(5);
      assertThat(a.get(10, TimeUnit.SECONDS).get(0).tokens()).hasSize(60).isEqualTo(alone.generate("ab", o.withSeed(1), null).tokens());
      assertThat(c.get(10, TimeUnit.SECONDS).get(0).tokens()).isEqualTo(alone.generate("ef", o.withSeed(3), null).tokens());
      assertThat(metrics.text()).contains("fabrica_generations_stopped_total 1");
      assertThat(w.depth()).isZero();
    } finally {
      w.close();
    }
  }

  @Test
  void more_rows_than_the_batch_holds_wait_for_room_and_still_draw_as_alone() throws Exception {
    Metrics metrics = new Metrics();
    BatchWorker w = new BatchWorker("m", new ContinuousBatch(gpt, tok, 2), 16, metrics);
    try {
      SamplingOptions o = SamplingOptions.defaults().withMaxTokens(30);
      List<CompletableFuture<List<Sampler.Completion>>> jobs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        jobs.add(w.submit(ids("ab"), o.withSeed(i), NEVER, null));
      }
      CompletableFuture<List<Sampler.Completion>> five = w.submit(ids("a", "bc", "def", "g", "hi"), o.withSeed(9), NEVER, null);
      for (int i = 0; i < 4; i++) {
        assertThat(jobs.get(i).get(10, TimeUnit.SECONDS).get(0).tokens()).isEqualTo(alone.generate("ab", o.withSeed(i), null).tokens());
      }
      // a request of five rows runs through a batch of two: its rows join as others leave, and each
      // draws its own random stream (within one window, padding changes nothing: as Sampler's batch)
      List<Sampler.Completion> got = five.get(10, TimeUnit.SECONDS);
      List<Sampler.Completion> sampler = alone.generate(List.of("a", "bc", "def", "g", "hi"), o.withSeed(9).withMaxTokens(12), null);
      for (int b = 0; b < 5; b++) {
        assertThat(got.get(b).promptTokens()).isEqualTo(sampler.get(b).promptTokens());
        assertThat(java.util.Arrays.copyOf(got.get(b).tokens(), 12)).as("row %d", b).isEqualTo(sampler.get(b).tokens());
      }
      assertThat(widestStepAbove(metrics, "m")).as("never more than 2 rows a step").isEqualTo(1.0);
    } finally {
      w.close();
    }
  }

  @Test
  void a_full_queue_is_turned_away_and_a_retired_worker_finishes_what_it_holds_first() throws Exception {
    BatchWorker w = new BatchWorker("m", new ContinuousBatch(gpt, tok, 4), 2, new Metrics());
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(10);
    Gate gate = new Gate();
    CompletableFuture<List<Sampler.Completion>> a = w.submit(ids("ab"), o, NEVER, gate);
    gate.awaitReached();
    CompletableFuture<List<Sampler.Completion>> b = w.submit(ids("cd"), o, NEVER, null);
    assertThatThrownBy(() -> w.submit(ids("ef"), o, NEVER, null)).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.retryAfterSeconds()).isEqualTo(1);
    });
    assertThat(w.depth()).isEqualTo(2);
    CountDownLatch closed = new CountDownLatch(1);
    w.retire(closed::countDown);
    assertThat(closed.await(200, TimeUnit.MILLISECONDS)).as("not closed while requests run").isFalse();
    gate.open.countDown();
    assertThat(a.get(10, TimeUnit.SECONDS).get(0).tokens()).hasSize(10);
    assertThat(b.get(10, TimeUnit.SECONDS).get(0).tokens()).isEqualTo(alone.generate("cd", o, null).tokens());
    assertThat(closed.await(10, TimeUnit.SECONDS)).as("closed once idle").isTrue();
    assertThatThrownBy(() -> w.submit(ids("ef"), o, NEVER, null)).isInstanceOfSatisfying(ApiError.class,
        e -> assertThat(e.status()).isEqualTo(429));
    assertThat(w.depth()).isZero();
  }

  @Test
  void closing_fails_the_requests_it_holds_instead_of_leaving_them_waiting() throws Exception {
    BatchWorker w = new BatchWorker("m", new ContinuousBatch(gpt, tok, 1), 8, new Metrics());
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(10);
    Gate gate = new Gate();
    CompletableFuture<List<Sampler.Completion>> a = w.submit(ids("ab"), o, NEVER, gate);
    gate.awaitReached();
    CompletableFuture<List<Sampler.Completion>> b = w.submit(ids("cd"), o, NEVER, null);
    w.close();
    gate.open.countDown(); // the step in progress ends; then the worker stops
    assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ApiError.class).hasMessageContaining("unloaded");
    assertThatThrownBy(() -> w.submit(ids("ef"), o, NEVER, null)).isInstanceOf(ApiError.class);
  }
}
