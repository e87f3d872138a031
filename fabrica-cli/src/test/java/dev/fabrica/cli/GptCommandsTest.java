package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train gpt, sample, chat and eval end to end on a tiny model, and their errors. */
class GptCommandsTest {
  @TempDir static Path tmp;
  static Path text;
  static Path run;

  private static CliTest.Run ok(String... args) {
    CliTest.Run r = CliTest.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  private static void fails(String message, String... args) {
    CliTest.Run r = CliTest.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("fabrica: ").contains(message);
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @BeforeAll
  static void train() throws Exception {
    text = tmp.resolve("poems.txt");
    Files.writeString(text, "床前明月光，疑是地上霜。举头望明月，低头思故乡。\n秋风起兮白云飞，草木黄落兮雁南归。\n".repeat(20));
    run = tmp.resolve("runs/poems");
    ok("train", "gpt", "--text", text.toString(), "--preset", "tiny", "--max-steps", "6", "--eval-interval", "3",
        "--n-embd", "16", "--out", run.toString(), "--threads", "1", "-q");
  }

  @Test
  void train_writes_a_gpt_run_that_resumes() throws Exception {
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(2);
    JsonNode config = Json.MAPPER.readTree(run.resolve("config.json").toFile());
    assertThat(config.get("model").asText()).isEqualTo("gpt");
    assertThat(config.get("config").get("n_embd").asInt()).isEqualTo(16);
    assertThat(config.get("config").get("lr_decay_iters").asInt()).isEqualTo(6);
    assertThat(config.get("tokenizer").get("kind").asText()).isEqualTo("char");
    Path copy = tmp.resolve("runs/copy");
    ok("train", "gpt", "--text", text.toString(), "--preset", "tiny", "--max-steps", "3", "--eval-interval", "3",
        "--out", copy.toString(), "--threads", "1", "-q");
    ok("train", "gpt", "--text", text.toString(), "--resume", "--max-steps", "6", "--out", copy.toString(), "--threads", "1", "-q");
    assertThat(Files.readString(copy.resolve("last/state.json"))).contains("\"step\" : 6");
    fails("already exists", "train", "gpt", "--text", text.toString(), "--out", run.toString(), "-q");
  }

  @Test
  void bpe_runs_train_too() {
    Path bpe = tmp.resolve("runs/bpe");
    ok("train", "gpt", "--text", text.toString(), "--tokenizer", "bpe", "--vocab", "300", "--preset", "tiny", "--max-steps", "2",
        "--out", bpe.toString(), "--threads", "1", "-q");
    CliTest.Run r = ok("sample", bpe.toString(), "--prompt", "秋风", "--max-tokens", "10", "--threads", "1");
    assertThat(r.out()).startsWith("秋风");
  }

  @Test
  void sample_continues_the_prompt_and_the_same_seed_gives_the_same_text() {
    CliTest.Run a = ok("sample", run.toString(), "--prompt", "秋", "--max-tokens", "20", "--temperature", "0.8", "--top-k", "5", "--seed", "1", "--threads", "1");
    CliTest.Run b = ok("sample", run.toString(), "--prompt", "秋", "--max-tokens", "20", "--temperature", "0.8", "--top-k", "5", "--seed", "1", "--no-cache", "--threads", "1");
    assertThat(a.out()).startsWith("秋").isEqualTo(b.out());
    assertThat(a.out().strip().codePointCount(0, a.out().strip().length())).isEqualTo(21);
    CliTest.Run three = ok("sample", run.toString(), "--prompt", "月", "-n", "3", "--max-tokens", "5", "--threads", "1");
    assertThat(three.out().lines().filter(l -> l.equals("---"))).hasSize(2);
  }

  @Test
  void chat_replies_to_each_line_of_its_input() throws Exception {
    Path in = tmp.resolve("chat.txt");
    Files.writeString(in, "给我写一首关于秋天的诗\n明月\n");
    CliTest.Run r = ok("chat", run.toString(), "--input", in.toString(), "--max-tokens", "12", "--threads", "1");
    // two replies of at most 12 tokens each (a reply may itself hold line breaks); 给 and other
    // characters missing from the poems were left out rather than ending the chat
    assertThat(r.out().codePoints().filter(c -> c != '\n').count()).isBetween(2L, 24L);
  }

  @Test
  void eval_reports_loss_perplexity_and_bits_per_character() throws Exception {
    Path val = tmp.resolve("val.txt");
    Files.writeString(val, "举头望明月，低头思故乡。\n");
    CliTest.Run r = ok("eval", run.toString(), "--text", val.toString(), "--threads", "1");
    JsonNode s = Json.MAPPER.readTree(r.out());
    assertThat(s.get("loss").asDouble()).isPositive();
    assertThat(s.get("perplexity").asDouble()).isCloseTo(Math.exp(s.get("loss").asDouble()), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.get("bits_per_char").asDouble()).isPositive();
    assertThat(run.resolve("scores.json")).exists();
  }

  @Test
  void bad_input_is_one_line_naming_the_option() throws Exception {
    fails("--prompt: the model's vocabulary lacks the character 'Ω' (U+03A9)", "sample", run.toString(), "--prompt", "Ω", "--threads", "1");
    fails("--max-tokens must be at least 1, got 0", "sample", run.toString(), "--max-tokens", "0");
    fails("--top-p must be in (0, 1]", "sample", run.toString(), "--top-p", "1.5");
    Path empty = tmp.resolve("empty.txt");
    Files.writeString(empty, "");
    fails("--text " + empty + " is empty", "train", "gpt", "--text", empty.toString(), "--out", tmp.resolve("e").toString(), "-q");
    Path shortText = tmp.resolve("short.txt");
    Files.writeString(shortText, "abcdefghijklmnopqrstuvwxyz0123456789");
    fails("--block-size", "train", "gpt", "--text", shortText.toString(), "--out", tmp.resolve("s").toString(), "-q");
    fails("n_embd (128) must be a multiple of n_head (3)", "train", "gpt", "--text", text.toString(), "--n-head", "3", "--out", tmp.resolve("h").toString(), "-q");
    fails("--preset: unknown preset 'huge'", "train", "gpt", "--text", text.toString(), "--preset", "huge", "--out", tmp.resolve("p").toString(), "-q");
    fails("--text: no such file", "eval", run.toString(), "--text", tmp.resolve("missing.txt").toString());
    fails("--text is required", "eval", run.toString());
  }

  @Test
  void bench_gpt_prints_step_time_loss_generation_rates_and_mfu() throws Exception {
    CliTest.Run r = ok("bench", "gpt", "--text", text.toString(), "--preset", "tiny", "--steps", "12", "--gen-tokens", "5", "--threads", "1", "-q");
    JsonNode b = Json.MAPPER.readTree(r.out());
    assertThat(b.get("ms_per_step").asDouble()).isPositive();
    assertThat(b.get("val_loss").asDouble()).isPositive();
    // the whole validation text and 20 batches of it score an untrained model alike (about ln vocab)
    assertThat(b.get("val_loss_full").asDouble()).isCloseTo(b.get("val_loss").asDouble(), org.assertj.core.data.Offset.offset(0.5));
    assertThat(b.get("generation_tokens_per_second_cached").asDouble()).isPositive();
    assertThat(b.get("generation_tokens_per_second_uncached").asDouble()).isPositive();
    assertThat(b.get("mfu").asDouble()).isBetween(0.0, 1.0);
    assertThat(b.get("command").asText()).contains("bench gpt");
    fails("--steps must be more than 10", "bench", "gpt", "--text", text.toString(), "--steps", "5");
  }
}
