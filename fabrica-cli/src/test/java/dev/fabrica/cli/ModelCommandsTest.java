package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandsTest {
  @TempDir Path tmp;

  /** Two well-separated classes: a numeric feature and a colour. */
  private Path table(String name, int rows, long seed) throws IOException {
    java.util.Random r = new java.util.Random(seed);
    StringBuilder csv = new StringBuilder("x,colour,label\n");
    for (int i = 0; i < rows; i++) {
      boolean a = r.nextBoolean();
      csv.append(String.format("%.3f", (a ? 0 : 10) + r.nextGaussian())).append(',')
          .append(a ? (r.nextDouble() < 0.9 ? "red" : "blue") : (r.nextDouble() < 0.9 ? "blue" : "red")).append(',')
          .append(a ? "a" : "b").append('\n');
    }
    Path p = tmp.resolve(name);
    Files.writeString(p, csv.toString());
    return p;
  }

  @Test
  void train_sample_and_eval_a_naive_bayes_run() throws IOException {
    Path train = table("train.csv", 400, 1);
    Path test = table("test.csv", 200, 2);
    Path run = tmp.resolve("runs/nb");
    CliTest.Run t = CliTest.run("train", "nb", "--data", train.toString(), "--label", "label", "--out", run.toString(), "-q");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(run.resolve("model.json")).exists();
    assertThat(Json.MAPPER.readTree(run.resolve("config.json").toFile()).get("model").asText()).isEqualTo("nb");

    CliTest.Run s = CliTest.run("sample", run.toString(), "-n", "500", "--seed", "5", "--class", "b");
    assertThat(s.code()).as(s.err()).isZero();
    List<String> lines = s.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("x,colour,label");
    assertThat(lines).hasSize(501);
    double meanX = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[0])).average().orElseThrow();
    assertThat(meanX).isBetween(9.7, 10.3); // class b was drawn around 10
    assertThat(CliTest.run("sample", run.toString(), "-n", "500", "--seed", "5", "--class", "b").out()).isEqualTo(s.out());

    Path samples = tmp.resolve("samples.jsonl");
    assertThat(CliTest.run("sample", run.toString(), "-n", "20", "--out", samples.toString(), "-q").code()).isZero();
    assertThat(Files.readAllLines(samples)).hasSize(20);

    CliTest.Run e = CliTest.run("eval", run.toString(), "--data", test.toString());
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode scores = Json.MAPPER.readTree(e.out());
    assertThat(scores.get("accuracy").asDouble()).isGreaterThan(0.95);
    assertThat(scores.get("log_loss").asDouble()).isLessThan(0.2);
    assertThat(run.resolve("scores.json")).exists();
  }

  @Test
  void model_commands_name_what_is_wrong() throws IOException {
    Path train = table("train.csv", 50, 1);
    CliTest.Run noLabel = CliTest.run("train", "nb", "--data", train.toString(), "--label", "y", "--out", tmp.resolve("r").toString());
    assertThat(noLabel.code()).isEqualTo(2);
    assertThat(noLabel.err()).contains("label column 'y' does not exist");
    assertThat(tmp.resolve("r")).doesNotExist();

    CliTest.Run badKind = CliTest.run("train", "nb", "--data", train.toString(), "--label", "label", "--kind", "poisson",
        "--out", tmp.resolve("r").toString());
    assertThat(badKind.code()).isEqualTo(2);
    assertThat(badKind.err()).contains("unknown naive bayes kind 'poisson'");

    CliTest.Run notRun = CliTest.run("sample", tmp.toString());
    assertThat(notRun.code()).isEqualTo(2);
    assertThat(notRun.err()).contains("is not a run directory");
  }
}
