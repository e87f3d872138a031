package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.text.Tokenizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sampling: the cache changes nothing but speed; seeds, batches, stop sequences, streaming, options. */
class SamplerTest {
  static NDManager manager;
  static Gpt random; // untrained: varied, hard-to-guess tokens
  static Gpt trained; // knows the periodic text by heart
  static Tokenizer tok;
  static String unit;

  @BeforeAll
  static void models() {
    Torch.start(1);
    manager = NDManager.newBaseManager();
    String text = GptTrainerTest.periodicText();
    unit = text.substring(0, 24);
    TextCorpus corpus = TextCorpus.of(text, "char", 0, "test text");
    tok = corpus.tokenizer();
    GptConfig c = GptConfig.tiny().withVocabSize(tok.vocabSize()).withMaxIters(300).withSchedule(3e-3, 3e-4, 20, 300);
    random = new Gpt(c.withSeed(5), manager);
    trained = new Gpt(c, manager);
    GptTrainer t = new GptTrainer(trained, corpus.train(), corpus.val(), 1.0);
    for (int step = 0; step < c.maxIters(); step++) {
      try (NDManager s = manager.newSubManager()) {
        t.trainStep(step, s);
      }
    }
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void cached_and_uncached_sampling_give_identical_tokens_even_past_a_full_context() {
    Sampler s = new Sampler(random, tok);
    // 40 new tokens with a context of 16: the window slides several times
    for (SamplingOptions o : List.of(SamplingOptions.defaults().withMaxTokens(40).withSeed(7),
        SamplingOptions.defaults().withMaxTokens(40).withTemperature(0), SamplingOptions.defaults().withMaxTokens(40).withSlide(3))) {
      int[] cached = s.generate("abc", o.withCache(true), null).tokens();
      int[] uncached = s.generate("abc", o.withCache(false), null).tokens();
      assertThat(cached).hasSize(40).isEqualTo(uncached);
    }
  }

  @Test
  void cached_java_decoding_of_a_padded_batch_gives_the_tokens_of_the_libtorch_forward() {
    // the cached path runs in plain Java (JavaDecoder), the uncached one through libtorch with
    // padding masks: rows of different lengths, several slides, and a trained model whose logits
    // are far from uniform
    for (Gpt gpt : List.of(random, trained)) {
      Sampler s = new Sampler(gpt, tok);
      List<String> prompts = List.of("a", unit.substring(0, 7), unit.substring(3, 15));
      SamplingOptions o = SamplingOptions.defaults().withMaxTokens(45).withSeed(11).withTemperature(0.9);
      List<Sampler.Completion> cached = s.generate(prompts, o.withCache(true), null);
      List<Sampler.Completion> uncached = s.generate(prompts, o.withCache(false), null);
      for (int i = 0; i < prompts.size(); i++) {
        assertThat(cached.get(i).tokens()).as("row %d", i).hasSize(45).isEqualTo(uncached.get(i).tokens());
      }
    }
  }

  @Test
  void a_conversation_reuses_the_cache_of_the_turn_before_and_draws_the_same_tokens_as_fresh_calls() {
    Sampler s = new Sampler(random, tok);
    Conversation chat = s.conversation();
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(5).withSeed(4);
    String prompt = "ab";
    Sampler.Completion first = chat.generate(prompt, o, null);
    assertThat(first.tokens()).isEqualTo(s.generate(prompt, o, null).tokens());
    assertThat(chat.reusedPositions()).isZero();
    // the next prompt repeats the first and its reply: the prompt's 2 tokens and the 4 generated ones
    // that were fed back (the 5th was drawn last and never fed) come from the cache
    String second = prompt + first.text() + "cd";
    assertThat(chat.generate(second, o.withSeed(5), null).tokens()).isEqualTo(s.generate(second, o.withSeed(5), null).tokens());
    assertThat(chat.reusedPositions()).isEqualTo(6);
    // past the context of 16 the window moves on: nothing is reused, the tokens still agree
    String third = second + second; // 18 tokens
    assertThat(chat.generate(third, o.withSeed(6), null).tokens()).isEqualTo(s.generate(third, o.withSeed(6), null).tokens());
    assertThat(chat.reusedPositions()).isZero();
  }

  @Test
  void same_seed_same_text_and_another_seed_other_text() {
    Sampler s = new Sampler(random, tok);
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(30);
    String a = s.generate("ab", o.withSeed(1), null).text();
    assertThat(s.generate("ab", o.withSeed(1), null).text()).isEqualTo(a);
    assertThat(s.generate("ab", o.withSeed(2), null).text()).isNotEqualTo(a);
  }

  @Test
  void a_trained_model_continues_its_text_and_stops_at_a_stop_sequence() {
    Sampler s = new Sampler(trained, tok);
    String prompt = unit.substring(0, 5);
    Sampler.Completion c = s.generate(prompt, SamplingOptions.defaults().withTemperature(0).withMaxTokens(40), null);
    assertThat(prompt + c.text()).isEqualTo(unit.repeat(3).substring(0, 45));
    assertThat(c.finishReason()).isEqualTo("length");
    String stop = unit.substring(10, 12);
    Sampler.Completion stopped = s.generate(prompt, SamplingOptions.defaults().withTemperature(0).withMaxTokens(40).withStop(List.of(stop)), null);
    assertThat(stopped.text()).isEqualTo(unit.substring(5, 10));
    assertThat(stopped.finishReason()).isEqualTo("stop");
  }

  @Test
  void streamed_pieces_concatenate_to_the_text_and_never_show_the_stop_sequence() {
    Sampler s = new Sampler(trained, tok);
    String stop = unit.substring(10, 13);
    SamplingOptions o = SamplingOptions.defaults().withTemperature(0).withMaxTokens(40).withStop(List.of(stop));
    StringBuilder streamed = new StringBuilder();
    List<Integer> calls = new ArrayList<>();
    Sampler.Completion c = s.generate(unit.substring(0, 2), o, (row, token, text) -> {
      streamed.append(text);
      calls.add(token);
    });
    assertThat(streamed.toString()).isEqualTo(c.text()).isEqualTo(unit.substring(2, 10));
    assertThat(calls).hasSize(c.tokens().length);
    StringBuilder viaIterator = new StringBuilder();
    Iterator<String> it = s.stream(unit.substring(0, 2), o);
    it.forEachRemaining(viaIterator::append);
    assertThat(viaIterator.toString()).isEqualTo(c.text());
  }

  @Test
  void a_batch_of_prompts_of_different_lengths_matches_each_prompt_alone() {
    Sampler s = new Sampler(random, tok);
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(8).withSeed(3);
    List<String> prompts = List.of("a", "bcdef", "ghij");
    List<Sampler.Completion> batch = s.generate(prompts, o.withTemperature(0), null);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(batch.get(i).tokens()).as(prompts.get(i)).isEqualTo(s.generate(prompts.get(i), o.withTemperature(0), null).tokens());
    }
    // the first row draws exactly as the prompt would alone
    assertThat(s.generate(prompts, o, null).get(0).tokens()).isEqualTo(s.generate("a", o, null).tokens());
  }

  @Test
  void penalties_top_k_and_top_p_reshape_the_choice() {
    SamplingOptions greedy = SamplingOptions.defaults().withTemperature(0);
    assertThat(NextToken.pick(new float[] {3f, 2.9f, 0f}, new int[] {0, 0, 0}, greedy, new SplittableRandom(1))).isEqualTo(0);
    assertThat(NextToken.pick(new float[] {3f, 2.9f, 0f}, new int[] {5, 0, 0}, greedy.withPenalties(0.1, 0), new SplittableRandom(1))).isEqualTo(1);
    assertThat(NextToken.pick(new float[] {3f, 2.9f, 0f}, new int[] {1, 0, 0}, greedy.withPenalties(0, 0.2), new SplittableRandom(1))).isEqualTo(1);
    SamplingOptions hot = SamplingOptions.defaults().withTemperature(5);
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 200; i++) {
      assertThat(NextToken.pick(new float[] {1f, 3f, 2f, 0f}, new int[4], hot.withTopK(1), r)).isEqualTo(1);
      assertThat(NextToken.pick(new float[] {1f, 3f, 2f, 0f}, new int[4], hot.withTopK(2), r)).isIn(1, 2);
      assertThat(NextToken.pick(new float[] {0f, 5f, 0f, 0f}, new int[4], SamplingOptions.defaults().withTopP(0.5), r)).isEqualTo(1);
    }
  }

  @Test
  void pieces_hold_back_half_characters_and_possible_stop_prefixes() {
    assertThat(Sampler.certain("abc\uFFFD", List.of())).isEqualTo(3);
    assertThat(Sampler.certain("abXY", List.of("XYZ"))).isEqualTo(2);
    assertThat(Sampler.certain("abXY", List.of("Q"))).isEqualTo(4);
    assertThat(Sampler.certain("a😀", List.of())).isEqualTo(3);
  }

  @Test
  void bad_requests_are_clear_errors() {
    assertThatThrownBy(() -> SamplingOptions.defaults().withMaxTokens(0)).hasMessage("max_tokens must be at least 1, got 0");
    assertThatThrownBy(() -> SamplingOptions.defaults().withTopP(0)).hasMessageContaining("top_p");
    assertThatThrownBy(() -> SamplingOptions.defaults().withTemperature(-1)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new Sampler(random, tok).generate("abc秋", SamplingOptions.defaults(), null))
        .isInstanceOf(BadInputException.class).hasMessageContaining("U+79CB");
    assertThat(Prompts.dropUnknown(tok, "a秋b")).isEqualTo("ab");
    assertThat(Prompts.unknown(tok, "a秋b秋天")).isEqualTo("秋天");
    assertThat(Prompts.encode(tok, "")).hasSize(1); // no newline in this vocabulary: token 0
  }
}
