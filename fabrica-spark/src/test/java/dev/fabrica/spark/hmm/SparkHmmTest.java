package dev.fabrica.spark.hmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.classic.hmm.CategoricalEmission;
import dev.fabrica.classic.hmm.GaussianEmission;
import dev.fabrica.classic.hmm.HmmModel;
import dev.fabrica.classic.hmm.HmmTrainer;
import dev.fabrica.classic.hmm.Sequences;
import dev.fabrica.core.Json;
import dev.fabrica.spark.SharedSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Baum-Welch with the E-step on Spark (local[2], sequences over 5 partitions) repeats the
 * one-machine fit from the same initial parameters: the same log-likelihood at every iteration and
 * the same parameters, to the rounding of sums added in another order.
 */
class SparkHmmTest {
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = SharedSpark.session();
  }

  /** 150 sequences of 40..99 steps drawn from {@code truth}, each with its own seed. */
  private static List<double[][]> draw(HmmModel truth) {
    List<double[][]> out = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      out.add(truth.sample(40 + (i * 23) % 60, 500 + i, null).observations());
    }
    return out;
  }

  private static void assertSameFit(HmmModel one, HmmModel onSpark) {
    List<Double> a = one.logLikelihoodHistory();
    List<Double> b = onSpark.logLikelihoodHistory();
    assertThat(a).hasSizeGreaterThan(5);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("log-likelihood at iteration " + (i + 1)).isCloseTo(a.get(i), within(1e-10 * Math.abs(a.get(i))));
    }
    assertSameNumbers("model", json(one), json(onSpark));
  }

  private static JsonNode json(HmmModel m) {
    var node = dev.fabrica.classic.hmm.HmmJson.toJson(m);
    node.remove("logLikelihoodHistory"); // compared above, relative to each value
    return node;
  }

  private static void assertSameNumbers(String where, JsonNode a, JsonNode b) {
    if (a.isNumber()) {
      assertThat(b.isNumber()).as(where).isTrue();
      assertThat(b.asDouble()).as(where).isCloseTo(a.asDouble(), within(1e-9 * Math.max(1, Math.abs(a.asDouble()))));
    } else if (a.isContainerNode()) {
      assertThat(b.size()).as(where + " size").isEqualTo(a.size());
      if (a.isObject()) {
        a.fieldNames().forEachRemaining(k -> assertSameNumbers(where + "." + k, a.get(k), b.get(k)));
      } else {
        for (int i = 0; i < a.size(); i++) {
          assertSameNumbers(where + "[" + i + "]", a.get(i), b.get(i));
        }
      }
    } else {
      assertThat(b).as(where).isEqualTo(a);
    }
  }

  @Test
  void categorical_fit_on_spark_has_the_one_machine_log_likelihood_history() {
    HmmModel truth = new HmmModel(new double[] {0.6, 0.3, 0.1},
        new double[][] {{0.8, 0.1, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.2, 0.7}},
        new CategoricalEmission(new double[][] {{0.7, 0.2, 0.05, 0.05}, {0.05, 0.15, 0.7, 0.1}, {0.1, 0.05, 0.05, 0.8}}));
    List<int[]> symbols = new ArrayList<>();
    for (double[][] s : draw(truth)) {
      int[] x = new int[s.length];
      for (int t = 0; t < x.length; t++) {
        x[t] = (int) s[t][0];
      }
      symbols.add(x);
    }
    Sequences data = Sequences.ofSymbols(symbols);
    HmmModel initial = new HmmModel(new double[] {0.4, 0.35, 0.25},
        new double[][] {{0.5, 0.3, 0.2}, {0.25, 0.5, 0.25}, {0.3, 0.3, 0.4}},
        new CategoricalEmission(new double[][] {{0.4, 0.3, 0.2, 0.1}, {0.2, 0.2, 0.4, 0.2}, {0.25, 0.15, 0.2, 0.4}}));
    HmmTrainer.Options options = HmmTrainer.Options.defaults().withTol(1e-3).withMaxIter(60).withThreads(1);
    HmmModel one = new HmmTrainer(options).fit(data, initial);
    HmmModel onSpark;
    try (SparkHmm e = new SparkHmm(spark, data, 5)) {
      assertThat(e.partitions()).isEqualTo(5);
      onSpark = new HmmTrainer(options).fit(e, initial);
      assertThat(e.score(onSpark)).isCloseTo(one.score(data), within(1e-10 * Math.abs(one.score(data))));
    }
    assertSameFit(one, onSpark);
  }

  @Test
  void full_covariance_gaussian_fit_on_spark_has_the_one_machine_log_likelihood_history() {
    HmmModel truth = new HmmModel(new double[] {0.7, 0.3}, new double[][] {{0.9, 0.1}, {0.25, 0.75}},
        GaussianEmission.full(new double[][] {{0, 1}, {2.5, -1.5}},
            new double[][][] {{{1, 0.3}, {0.3, 0.8}}, {{0.6, -0.2}, {-0.2, 1.5}}}));
    Sequences data = Sequences.ofVectors(draw(truth));
    HmmModel initial = new HmmModel(new double[] {0.5, 0.5}, new double[][] {{0.6, 0.4}, {0.4, 0.6}},
        GaussianEmission.full(new double[][] {{0.5, 0}, {1.5, -1}},
            new double[][][] {{{2, 0}, {0, 2}}, {{2, 0}, {0, 2}}}));
    HmmTrainer.Options options = HmmTrainer.Options.defaults().withTol(1e-4).withMaxIter(60).withThreads(1);
    HmmModel one = new HmmTrainer(options).fit(data, initial);
    HmmModel onSpark;
    try (SparkHmm e = new SparkHmm(spark, data, 5)) {
      onSpark = new HmmTrainer(options).fit(e, initial);
    }
    assertSameFit(one, onSpark);
  }

  @Test
  void train_hmm_on_spark_through_the_command_line_writes_the_one_machine_model() throws IOException {
    Path text = dir.resolve("fortunes.txt");
    StringBuilder sb = new StringBuilder();
    String[] lines = {"the quick brown fox jumps over the lazy dog", "a stitch in time saves nine",
        "all that glitters is not gold", "to be or not to be that is the question", "hello world"};
    for (int i = 0; i < 60; i++) {
      sb.append(lines[i % lines.length]).append(i % 7 == 0 ? " again" : "").append('\n');
    }
    Files.writeString(text, sb.toString());
    String[] common = {"train", "hmm", "--text", text.toString(), "--states", "2", "--restarts", "2", "--max-iter", "30",
        "--seed", "3", "-q"};
    cli(concat(common, "--out", dir.resolve("one").toString()));
    cli(concat(common, "--out", dir.resolve("spark").toString(), "--engine", "spark", "--master", "local[2]"));
    HmmModel one = dev.fabrica.classic.hmm.HmmJson.load(dir.resolve("one/model.json"));
    HmmModel onSpark = dev.fabrica.classic.hmm.HmmJson.load(dir.resolve("spark/model.json"));
    assertThat(one.logLikelihoodHistory()).hasSize(30);
    assertSameFit(one, onSpark);
    assertThat(onSpark.alphabet()).isEqualTo(one.alphabet());
    JsonNode config = Json.MAPPER.readTree(dir.resolve("spark/config.json").toFile());
    assertThat(config.get("engine").asText()).isEqualTo("spark");
    assertThat(config.get("iterations").asInt()).isEqualTo(30);
  }

  private static void cli(String... args) {
    CommandLine cl = dev.fabrica.cli.Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(args)).as(err.toString()).isZero();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
