package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench serve on a tiny run, briefly: one JSON object with a figure set per concurrency level. */
class BenchServeCommandTest {
  @TempDir Path tmp;

  @Test
  void prints_throughput_latency_and_statuses_per_concurrency_level() throws Exception {
    Path text = tmp.resolve("t.txt");
    Files.writeString(text, "The moon is bright. The night is long.\n".repeat(40));
    Path run = tmp.resolve("runs/tiny");
    CliTest.Run trained = CliTest.run("train", "gpt", "--text", text.toString(), "--preset", "tiny", "--max-steps", "2",
        "--eval-interval", "2", "--out", run.toString(), "--threads", "1", "-q");
    assertThat(trained.code()).as(trained.err()).isZero();
    CliTest.Run r = CliTest.run("bench", "serve", "--run", run.toString(), "--clients", "1,3", "--seconds", "1",
        "--max-tokens", "4", "--threads", "1", "--warmup", "1", "-q");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode out = Json.MAPPER.readTree(r.out());
    assertThat(out.get("levels")).hasSize(2);
    JsonNode three = out.get("levels").get(1);
    assertThat(three.get("clients").asInt()).isEqualTo(3);
    assertThat(three.get("requests_ok").asInt()).isPositive();
    assertThat(three.get("tokens_per_second").asDouble()).isPositive();
    assertThat(three.get("statuses").get("200").asInt()).isEqualTo(three.get("requests_ok").asInt());
    assertThat(three.get("latency_p99_seconds").asDouble()).isGreaterThanOrEqualTo(three.get("latency_p50_seconds").asDouble());
    assertThat(out.get("rss_mib_after").asDouble()).isPositive();
    assertThat(out.get("config").get("warmup_seconds").asDouble()).isEqualTo(1.0);
    // every request of 4 tokens is at least 4 steps of at least one row; 3 clients share steps
    JsonNode one = out.get("levels").get(0);
    assertThat(one.get("decode_steps_per_second").asDouble() * one.get("seconds").asDouble())
        .isGreaterThanOrEqualTo(4.0 * one.get("requests_ok").asInt());
    assertThat(one.get("mean_rows_per_step").asDouble()).isEqualTo(1.0);
    assertThat(three.get("mean_rows_per_step").asDouble()).isBetween(1.0, 3.0);
  }

  @Test
  void reads_the_step_rows_of_its_model_from_the_metrics_text() {
    String text = """
        # TYPE fabrica_batch_step_rows histogram
        fabrica_batch_step_rows_bucket{model="gpt",le="1.0"} 3
        fabrica_batch_step_rows_sum{model="other"} 99.000000
        fabrica_batch_step_rows_sum{model="gpt"} 41.000000
        fabrica_batch_step_rows_count{model="gpt"} 17
        """;
    assertThat(BenchServeCommand.stepRowsOf(text, "gpt")).containsExactly(41.0, 17.0);
    assertThat(BenchServeCommand.stepRowsOf("", "gpt")).containsExactly(0.0, 0.0);
  }
}
