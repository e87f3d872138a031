package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Continuous batching: every sequence draws exactly what it draws alone, however sequences join and leave. */
class ContinuousBatchTest {
  static NDManager manager;
  static Gpt gpt; // untrained: varied tokens, logits close together, so any difference in the sums would show
  static Tokenizer tok;
  static Sampler alone;

  @BeforeAll
  static void model() {
    Torch.start(1);
    manager = NDManager.newBaseManager();
    TextCorpus corpus = TextCorpus.of(GptTrainerTest.periodicText(), "char", 0, "test text");
    tok = corpus.tokenizer();
    gpt = new Gpt(GptConfig.tiny().withVocabSize(tok.vocabSize()).withSeed(9), manager); // context 16
    alone = new Sampler(gpt, tok);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** A request of the test: prompt and options. */
  record Ask(String prompt, SamplingOptions options) {}

  /** Six requests whose options all differ: temperature, top-k, top-p, penalties, stops, lengths past the context, slides, seeds. */
  static List<Ask> asks() {
    SamplingOptions d = SamplingOptions.defaults();
    return List.of(
        new Ask("abc", d.withMaxTokens(40).withSeed(1)),
        new Ask("q", d.withMaxTokens(7).withTemperature(0)),
        new Ask("mnopqrstuvwxab", d.withMaxTokens(30).withTemperature(0.7).withTopK(5).withSeed(2)),
        new Ask("hello", d.withMaxTokens(25).withTopP(0.6).withPenalties(1.5, 0.5).withSeed(3)),
        new Ask("xw", d.withMaxTokens(50).withStop(List.of("k", "vv")).withSeed(4).withTemperature(1.3)),
        new Ask("abcdefghijklmnopqrstu", d.withMaxTokens(33).withSlide(3).withTemperature(0.9).withSeed(5)));
  }

  /** What the sequence streamed to its listener. */
  static final class Stream implements Sampler.Listener {
    final StringBuilder text = new StringBuilder();
    final List<Integer> tokens = new ArrayList<>();

    @Override
    public void onToken(int row, int token, String piece) {
      text.append(piece);
      tokens.add(token);
    }
  }

  static void assertSame(Sampler.Completion batched, Stream streamed, Sampler.Completion single, String what) {
    assertThat(batched.tokens()).as(what + ": tokens").isEqualTo(single.tokens());
    assertThat(batched.text()).as(what + ": text").isEqualTo(single.text());
    assertThat(batched.finishReason()).as(what + ": finish").isEqualTo(single.finishReason());
    assertThat(batched.promptTokens()).as(what + ": prompt tokens").isEqualTo(single.promptTokens());
    assertThat(streamed.text.toString()).as(what + ": streamed text").isEqualTo(single.text());
    assertThat(streamed.tokens).as(what + ": streamed tokens").containsExactly(java.util.Arrays.stream(single.tokens()).boxed().toArray(Integer[]::new));
  }

  static int[] ids(String prompt) {
    return Prompts.encode(tok, prompt);
  }

  /** What a batch made of every ask: completions and streams in the asks' order, and the most rows a step ran. */
  record Run(Sampler.Completion[] got, List<Stream> streams, int widest) {}

  /** Joins every ask at once and steps the batch until all have ended. */
  static Run runAll(ContinuousBatch batch, List<Ask> asks) {
    Map<ContinuousBatch.Sequence, Integer> which = new HashMap<>();
    List<Stream> streams = new ArrayList<>();
    for (int i = 0; i < asks.size(); i++) {
      Stream s = new Stream();
      streams.add(s);
      which.put(batch.join(ids(asks.get(i).prompt()), asks.get(i).options(), 0, s), i);
    }
    Sampler.Completion[] got = new Sampler.Completion[asks.size()];
    int widest = 0;
    while (batch.size() > 0) {
      widest = Math.max(widest, batch.size());
      for (ContinuousBatch.Sequence s : batch.step()) {
        got[which.get(s)] = s.completion();
      }
    }
    return new Run(got, streams, widest);
  }

  @Test
  void sequences_batched_together_draw_exactly_what_each_draws_alone() {
    List<Ask> asks = asks();
    ContinuousBatch batch = new ContinuousBatch(gpt, tok, asks.size());
    Run run = runAll(batch, asks);
    Sampler.Completion[] got = run.got();
    assertThat(run.widest()).isEqualTo(asks.size());
    assertThat(batch.steps()).as("one step per token of the longest").isEqualTo(java.util.Arrays.stream(got).mapToInt(c -> c.tokens().length).max().orElseThrow());
    boolean stopped = false;
    for (int i = 0; i < asks.size(); i++) {
      Ask a = asks.get(i);
      assertSame(got[i], run.streams().get(i), alone.generate(a.prompt(), a.options(), null), "request " + i);
      stopped |= got[i].finishReason().equals("stop");
    }
    assertThat(stopped).as("a stop sequence ended one of them").isTrue();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
  void steps_split_between_threads_draw_exactly_what_each_sequence_draws_alone(int threads) {
    List<Ask> asks = new ArrayList<>(asks());
    for (Ask a : asks()) {
      asks.add(new Ask(a.prompt() + "a", a.options().withSeed(a.options().seed() + 100)));
    }
    ContinuousBatch batch = new ContinuousBatch(gpt, tok, asks.size(), threads);
    Run run = runAll(batch, asks);
    assertThat(batch.splitSteps()).as("steps of 12 rows go to %d threads", threads).isGreaterThan(5);
    for (int i = 0; i < asks.size(); i++) {
      Ask a = asks.get(i);
      assertSame(run.got()[i], run.streams().get(i), alone.generate(a.prompt(), a.options(), null), "request " + i);
    }
  }

  @Test
  void replicas_stepped_on_their_own_threads_at_once_each_draw_what_a_sequence_draws_alone() throws Exception {
    List<Ask> asks = asks();
    List<ContinuousBatch> replicas = ContinuousBatch.replicas(gpt, tok, asks.size(), 2);
    assertThat(replicas).hasSize(2);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      // the same requests in both at the same time: each replica's cache is its own
      List<java.util.concurrent.Future<Run>> runs = new ArrayList<>();
      for (ContinuousBatch b : replicas) {
        runs.add(pool.submit(() -> runAll(b, asks)));
      }
      for (java.util.concurrent.Future<Run> f : runs) {
        Run run = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        for (int i = 0; i < asks.size(); i++) {
          Ask a = asks.get(i);
          assertSame(run.got()[i], run.streams().get(i), alone.generate(a.prompt(), a.options(), null), "request " + i);
        }
      }
      assertThat(replicas.get(0).splitSteps()).as("one thread a step").isZero();
    } finally {
      pool.shutdownNow();
    }
    assertThatThrownBy(() -> ContinuousBatch.replicas(gpt, tok, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContinuousBatch.replicas(gpt, tok, 0, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 row");
  }

  @Test
  void sequences_that_join_and_leave_mid_generation_change_nothing_for_the_others() {
    List<Ask> asks = asks();
    // three rows for six requests: each joins when a row frees up, a newcomer gets the row (and the
    // cache slot) of one that just ended, and one is made to leave early
    ContinuousBatch batch = new ContinuousBatch(gpt, tok, 3);
    Map<ContinuousBatch.Sequence, Integer> which = new HashMap<>();
    List<Stream> streams = new ArrayList<>();
    Sampler.Completion[] got = new Sampler.Completion[asks.size()];
    int next = 0;
    ContinuousBatch.Sequence cancelled = null;
    int cancelledAt = -1;
    List<Integer> joinedAtStep = new ArrayList<>();
    while (next < asks.size() || batch.size() > 0) {
      while (batch.free() > 0 && next < asks.size()) {
        Stream s = new Stream();
        streams.add(s);
        ContinuousBatch.Sequence q = batch.join(ids(asks.get(next).prompt()), asks.get(next).options(), 0, s);
        which.put(q, next);
        joinedAtStep.add((int) batch.steps());
        next++;
      }
      for (ContinuousBatch.Sequence s : batch.step()) {
        got[which.get(s)] = s.completion();
      }
      if (batch.steps() == 12 && cancelled == null) {
        cancelled = batch.active().get(0);
        cancelledAt = cancelled.generated();
        batch.leave(cancelled);
        batch.leave(cancelled); // a second leave is a no-op
      }
    }
    assertThat(joinedAtStep.subList(3, 6)).as("later requests joined mid-generation").allMatch(step -> step > 0);
    int left = which.get(cancelled);
    for (int i = 0; i < asks.size(); i++) {
      Ask a = asks.get(i);
      Sampler.Completion single = alone.generate(a.prompt(), a.options(), null);
      if (i == left) {
        // it stopped where it was, a prefix of what it would have drawn, and no longer streams
        assertThat(got[i]).isNull();
        assertThat(cancelled.finishReason()).isNull();
        assertThat(cancelled.completion().tokens()).hasSize(cancelledAt)
            .isEqualTo(java.util.Arrays.copyOf(single.tokens(), cancelledAt));
        assertThat(streams.get(i).tokens).hasSize(cancelledAt);
      } else {
        assertSame(got[i], streams.get(i), single, "request " + i);
      }
    }
  }

  @Test
  void the_rows_of_one_request_draw_as_the_rows_of_a_sampler_batch() {
    // n = 3 of one prompt: row b draws from the b-th random stream, as Sampler gives it
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(20).withSeed(77);
    List<Sampler.Completion> sampler = alone.generate(List.of("abc", "abc", "abc"), o, null);
    ContinuousBatch batch = new ContinuousBatch(gpt, tok, 4);
    batch.join(ids("ww"), o.withSeed(1), 0, null); // someone else's request alongside
    Sampler.Completion[] got = new Sampler.Completion[3];
    for (int b = 2; b >= 0; b--) { // joined in any order
      batch.join(ids("abc"), o, b, null);
    }
    while (batch.size() > 0) {
      for (ContinuousBatch.Sequence s : batch.step()) {
        if (s.completion().promptTokens() == 3) {
          got[s.row()] = s.completion();
        }
      }
    }
    for (int b = 0; b < 3; b++) {
      assertThat(got[b].tokens()).as("row %d", b).isEqualTo(sampler.get(b).tokens());
    }
    assertThat(got[1].tokens()).isNotEqualTo(got[0].tokens());
  }

  @Test
  void a_failing_listener_ends_its_own_sequence_only() {
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(12).withSeed(8);
    ContinuousBatch batch = new ContinuousBatch(gpt, tok, 2);
    IllegalStateException boom = new IllegalStateException("client gone");
    int[] calls = {0};
    ContinuousBatch.Sequence failing = batch.join(ids("ab"), o, 0, (row, token, text) -> {
      if (++calls[0] == 4) {
        throw boom;
      }
    });
    Stream stream = new Stream();
    ContinuousBatch.Sequence fine = batch.join(ids("cd"), o, 0, stream);
    List<ContinuousBatch.Sequence> ended = new ArrayList<>();
    while (batch.size() > 0) {
      ended.addAll(batch.step());
    }
    assertThat(ended).containsExactly(failing, fine);
    assertThat(failing.failure()).isSameAs(boom);
    assertThat(failing.generated()).isEqualTo(4);
    assertThat(batch.free()).isEqualTo(2);
    assertSame(fine.completion(), stream, alone.generate("cd", o, null), "the other sequence");
  }

  @Test
  void bad_joins_are_clear_errors() {
    ContinuousBatch batch = new ContinuousBatch(gpt, tok, 1);
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(3);
    assertThatThrownBy(() -> batch.join(new int[0], o, 0, null)).hasMessageContaining("at least one token");
    assertThatThrownBy(() -> batch.join(new int[] {tok.vocabSize()}, o, 0, null)).hasMessageContaining("outside the vocabulary");
    batch.join(ids("a"), o, 0, null);
    assertThatThrownBy(() -> batch.join(ids("a"), o, 0, null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("full (1 rows)");
    assertThatThrownBy(() -> new ContinuousBatch(gpt, tok, 0)).hasMessageContaining("at least 1 row");
    assertThatThrownBy(() -> new ContinuousBatch(gpt, tok, 2, 0)).hasMessageContaining("at least 1 thread");
    assertThat(batch.step()).isEmpty();
    assertThat(batch.step()).isEmpty();
    assertThat(batch.step()).hasSize(1);
    assertThat(batch.step()).isEmpty(); // nothing runs: no work
    assertThat(batch.steps()).isEqualTo(3);
  }
}
