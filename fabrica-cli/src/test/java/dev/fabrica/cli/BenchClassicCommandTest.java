package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchClassicCommandTest {
  private static JsonNode run(String... args) throws Exception {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    assertThat(code).as(err.toString()).isZero();
    return Json.MAPPER.readTree(out.toString());
  }

  @Test
  void bench_classic_prints_one_json_object_with_every_benchmark_and_its_figures() throws Exception {
    JsonNode json = run("bench", "classic", "--scale", "0.001", "-q");

    for (String field : new String[] {"results", "peak_rss_mib", "cores", "config", "date", "command"}) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    JsonNode results = json.get("results");
    assertThat(results.fieldNames()).toIterable()
        .containsExactly("nb-gaussian", "nb-multinomial", "hmm-gaussian", "hmm-categorical");
    JsonNode gauss = results.get("nb-gaussian");
    assertThat(gauss.get("rows").asInt()).isEqualTo(1000);
    assertThat(gauss.get("features").asInt()).isEqualTo(20);
    assertThat(gauss.get("classes").asInt()).isEqualTo(5);
    assertThat(gauss.get("fit_seconds").asDouble()).isNotNegative();
    assertThat(gauss.get("predict_proba_seconds").asDouble()).isNotNegative();
    assertThat(gauss.get("accuracy").asDouble()).isBetween(0.2, 1.0);
    assertThat(results.get("nb-multinomial").get("features").asInt()).isEqualTo(100);
    JsonNode hmm = results.get("hmm-gaussian");
    assertThat(hmm.get("iterations").asInt()).isEqualTo(50);
    assertThat(hmm.get("steps").asInt()).isEqualTo(500);
    assertThat(hmm.get("log_likelihood_last_iteration").asDouble())
        .isGreaterThanOrEqualTo(hmm.get("log_likelihood_first_iteration").asDouble());
    assertThat(hmm.get("seconds_per_iteration").asDouble()).isPositive();
    JsonNode cat = results.get("hmm-categorical");
    assertThat(cat.get("iterations").asInt()).isEqualTo(100);
    assertThat(cat.get("steps").asInt()).isEqualTo(200);
    assertThat(cat.get("data").asText()).containsAnyOf("fortunes", "sampled");
    assertThat(json.get("command").asText()).contains("bench classic --scale 0.001 --seed 42");
    assertThat(json.get("cores").asInt()).isPositive();
  }

  @Test
  void only_and_export_write_the_data_python_reads(@TempDir Path dir) throws Exception {
    JsonNode json = run("bench", "classic", "--only", "nb-multinomial,hmm-gaussian", "--scale", "0.001",
        "--export", dir.toString(), "-q");

    assertThat(json.get("results").fieldNames()).toIterable().containsExactly("nb-multinomial", "hmm-gaussian");
    byte[] x = Files.readAllBytes(dir.resolve("nb-multinomial/x.npy"));
    assertThat(new String(x, 1, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    int headerLength = (x[8] & 0xff) | (x[9] & 0xff) << 8;
    assertThat((10 + headerLength) % 64).isZero();
    assertThat(x.length - 10 - headerLength).isEqualTo(200 * 100 * 8);
    assertThat(dir.resolve("nb-multinomial/y.npy")).exists();
    assertThat(Json.MAPPER.readTree(dir.resolve("hmm-gaussian/start.json").toFile()).get("means").size()).isEqualTo(4);
    assertThat(dir.resolve("hmm-gaussian/lengths.npy")).exists();
  }

  @Test
  void an_unknown_benchmark_name_is_a_usage_error() {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));

    assertThat(cl.execute("bench", "classic", "--only", "svm")).isNotZero();
    assertThat(err.toString()).contains("unknown benchmark 'svm'");
  }
}
