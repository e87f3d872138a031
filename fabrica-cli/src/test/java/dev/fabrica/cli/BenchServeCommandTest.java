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
        "--max-tokens", "4", "--threads", "1", "-q");
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
  }
}
