package dev.fabrica.neural.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.run.GptRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GPT run directory: training writes it, a resume continues exactly, load and eval read it. */
class GptRunsTest {
  @TempDir Path tmp;

  private Path text(String body) throws Exception {
    Path f = tmp.resolve("corpus.txt");
    Files.writeString(f, body);
    return f;
  }

  private static GptConfig config(int steps) {
    return GptConfig.tiny().withMaxIters(steps).withEval(3, 2);
  }

  private static List<JsonNode> metrics(Path run) throws Exception {
    return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(l -> {
      try {
        return Json.MAPPER.readTree(l);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void a_resumed_run_repeats_the_uninterrupted_run_and_loads_for_eval() throws Exception {
    Path corpus = text("\u001B[31m秋风\u001B[0m起兮白云飞，草木黄落兮雁南归。\n".repeat(8) + GptTrainerTest.periodicText());
    GptRuns.TrainOptions fresh = new GptRuns.TrainOptions(corpus, "char", 0, false, null, false, 1);
    Path whole = tmp.resolve("whole");
    GptRuns.train(whole, config(6), fresh, Reporter.silent());
    // the same schedule stopped after 3 steps, then resumed to 6
    @SuppressWarnings("unchecked")
    Map<String, Object> m3 = Json.MAPPER.convertValue(config(6), java.util.LinkedHashMap.class);
    m3.put("max_iters", 3);
    Path split = tmp.resolve("split");
    GptRuns.train(split, Json.MAPPER.convertValue(m3, GptConfig.class), fresh, Reporter.silent());
    GptRuns.train(split, config(6), new GptRuns.TrainOptions(corpus, "char", 0, true, 6, false, 1), Reporter.silent());
    List<JsonNode> a = metrics(whole);
    List<JsonNode> b = metrics(split);
    assertThat(b).hasSize(2);
    assertThat(b.get(1).get("val_loss").asDouble()).isCloseTo(a.get(1).get("val_loss").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(b.get(1).get("train_loss").asDouble()).isCloseTo(a.get(1).get("train_loss").asDouble(), org.assertj.core.data.Offset.offset(1e-6));

    JsonNode cfg = Json.MAPPER.readTree(whole.resolve("config.json").toFile());
    assertThat(cfg.get("model").asText()).isEqualTo("gpt");
    assertThat(cfg.get("config").get("n_layer").asInt()).isEqualTo(2);
    assertThat(cfg.get("chat_template").asText()).isEqualTo("plain");
    assertThat(Files.readString(whole.resolve("tokenizer.json"))).doesNotContain("27"); // ESC (27) was stripped
    assertThat(Files.readString(whole.resolve("samples.txt"))).contains("--- sample 3 at step 6 ---");
    assertThat(whole.resolve("loss.png")).exists();

    try (NDManager m = NDManager.newBaseManager(); GptRuns.Loaded run = GptRuns.load(whole, m)) {
      Map<String, Object> scores = GptEval.evaluate(run.gpt(), run.tokenizer(), "秋风起兮白云飞，草木黄落兮雁南归。", "--text v.txt");
      double loss = (Double) scores.get("loss");
      assertThat(loss).isPositive();
      assertThat((Double) scores.get("perplexity")).isCloseTo(Math.exp(loss), org.assertj.core.data.Offset.offset(1e-9));
      assertThat((Double) scores.get("bits_per_char")).isCloseTo(loss / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
      assertThatThrownBy(() -> GptEval.evaluate(run.gpt(), run.tokenizer(), "秋Ω", "--text v.txt"))
          .isInstanceOf(BadInputException.class).hasMessageStartingWith("--text v.txt: character");
    }
  }
}
