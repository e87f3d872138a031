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
    // --where on the label column is --class; any other condition, or a different class, is refused by name
    assertThat(CliTest.run("sample", run.toString(), "-n", "500", "--seed", "5", "--where", "label=b").out()).isEqualTo(s.out());
    CliTest.Run otherColumn = CliTest.run("sample", run.toString(), "--where", "colour=red");
    assertThat(otherColumn.code()).isEqualTo(2);
    assertThat(otherColumn.err()).contains("--where colour=red: a naive bayes run samples by its label 'label' only");
    CliTest.Run disagree = CliTest.run("sample", run.toString(), "--where", "label=a", "--class", "b");
    assertThat(disagree.code()).isEqualTo(2);
    assertThat(disagree.err()).contains("--where label=a and --class b ask for different classes");
    CliTest.Run unknown = CliTest.run("sample", run.toString(), "--where", "label=z");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown class 'z'");

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

  @Test
  void train_sample_and_eval_an_hmm_on_text() throws IOException {
    // a toy language alternating vowel and consonant: a 2-state HMM should learn the alternation
    java.util.Random r = new java.util.Random(3);
    StringBuilder text = new StringBuilder();
    for (int e = 0; e < 60; e++) {
      for (int i = 0; i < 40; i++) {
        text.append("aeiou".charAt(r.nextInt(5))).append("bcdfgklmnprst".charAt(r.nextInt(13)));
      }
      text.append("\n%\n");
    }
    Path file = tmp.resolve("toy.txt");
    Files.writeString(file, text.toString());
    Path run = tmp.resolve("runs/hmm");
    CliTest.Run t = CliTest.run("train", "hmm", "--text", file.toString(), "--alphabet", "letters", "--states", "2",
        "--out", run.toString(), "-q");
    assertThat(t.code()).as(t.err()).isZero();
    JsonNode config = Json.MAPPER.readTree(run.resolve("config.json").toFile());
    assertThat(config.get("model").asText()).isEqualTo("hmm");
    assertThat(config.get("sequences").asInt()).isEqualTo(60);

    CliTest.Run s = CliTest.run("sample", run.toString(), "-n", "2", "--length", "30", "--seed", "1");
    assertThat(s.code()).as(s.err()).isZero();
    List<String> lines = s.out().lines().toList();
    assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(30).matches("[a-z ]+"));
    long alternations = 0;
    for (String l : lines) {
      for (int i = 1; i < l.length(); i++) {
        alternations += ("aeiou".indexOf(l.charAt(i)) >= 0) != ("aeiou".indexOf(l.charAt(i - 1)) >= 0) ? 1 : 0;
      }
    }
    assertThat(alternations).isGreaterThan(50); // of 58 pairs: the learned model alternates
    // options an HMM has no use for are errors, not ignored
    CliTest.Run byClass = CliTest.run("sample", run.toString(), "-n", "2", "--class", "vowel");
    assertThat(byClass.code()).isEqualTo(2);
    assertThat(byClass.err()).contains("--class: ").contains("holds a 'hmm' model, which has no classes to choose");
    CliTest.Run truncated = CliTest.run("sample", run.toString(), "-n", "2", "--psi", "0.5");
    assertThat(truncated.code()).isEqualTo(2);
    assertThat(truncated.err()).contains("--psi: only image models sampled from a latent").contains("'hmm' model");

    CliTest.Run e = CliTest.run("eval", run.toString(), "--data", file.toString());
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode scores = Json.MAPPER.readTree(e.out());
    // an alternating source: at most log(5) + log(13) nats per pair of letters, ~2.1 nats per letter
    assertThat(scores.get("log_likelihood_per_step").asDouble()).isBetween(-2.3, -1.9);
    assertThat(scores.get("bic").asDouble()).isGreaterThan(scores.get("aic").asDouble());
  }

  @Test
  void train_an_hmm_on_csv_sequences_and_sample_rows() throws IOException {
    StringBuilder csv = new StringBuilder("seq,x,y\n");
    java.util.Random r = new java.util.Random(4);
    for (int s = 0; s < 20; s++) {
      for (int t = 0; t < 50; t++) {
        boolean high = (t / 10) % 2 == 1;
        csv.append("s").append(s).append(',').append(String.format("%.3f", (high ? 5 : 0) + r.nextGaussian()))
            .append(',').append(String.format("%.3f", r.nextGaussian())).append('\n');
      }
    }
    Path file = tmp.resolve("seqs.csv");
    Files.writeString(file, csv.toString());
    Path run = tmp.resolve("runs/g");
    CliTest.Run t = CliTest.run("train", "hmm", "--data", file.toString(), "--sequence-id", "seq", "--states", "2",
        "--out", run.toString(), "-q");
    assertThat(t.code()).as(t.err()).isZero();
    CliTest.Run s = CliTest.run("sample", run.toString(), "-n", "1", "--length", "5");
    assertThat(s.out().lines().toList()).hasSize(6).first().isEqualTo("sequence,step,state,x,y");
    CliTest.Run noId = CliTest.run("train", "hmm", "--data", file.toString(), "--sequence-id", "id", "--states", "2",
        "--out", tmp.resolve("bad").toString());
    assertThat(noId.code()).isEqualTo(2);
    assertThat(noId.err()).contains("--sequence-id").contains("has no column 'id'");
  }
}
