package dev.fabrica.spark.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fabrica.classic.nb.NbConfig;
import dev.fabrica.classic.nb.NbData;
import dev.fabrica.classic.nb.NbKind;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.recipe.RecipeParser;
import dev.fabrica.spark.SharedSpark;
import dev.fabrica.testkit.ReviewsCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Naive Bayes fitted on Spark (5 partitions, so parts see different classes, categories and
 * tokens first) equals the one-machine fit: model.json and the samples drawn from it.
 */
class SparkNbTest {
  private static SparkSession spark;
  @TempDir static Path dir;
  private static Path train;

  @BeforeAll
  static void start() throws IOException {
    spark = SharedSpark.session();
    ReviewsCsv.write(dir.resolve("reviews.csv"), 2000, 5);
    Files.writeString(dir.resolve("r.yaml"), """
        input: {path: reviews.csv}
        steps:
          - dedupe: {}
          - clean_text: {column: text, remove: [punctuation, symbols, urls, html]}
          - split: {train: 0.8, val: 0.1, test: 0.1, seed: 1, stratify: label}
          - normalize: {columns: [feature1, feature2]}
        output: {dir: prepared}
        """);
    Pipeline.run(RecipeParser.parse(dir.resolve("r.yaml")), new Pipeline.Options(1, false, null, Reporter.silent(), false));
    train = dir.resolve("prepared/train.csv");
  }

  private static int cli(String... args) {
    CommandLine cl = dev.fabrica.cli.Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    assertThat(code).as(err.toString()).isZero();
    return code;
  }

  @Test
  void train_nb_on_spark_writes_the_model_and_samples_of_the_one_machine_fit() throws IOException {
    String[] common = {"train", "nb", "--data", train.toString(), "--label", "label", "--kind", "mixed", "--text", "text", "-q"};
    cli(concat(common, "--out", dir.resolve("runs/one").toString()));
    cli(concat(common, "--out", dir.resolve("runs/spark").toString(), "--engine", "spark", "--master", "local[2]"));
    JsonNode one = model(dir.resolve("runs/one"));
    JsonNode onSpark = model(dir.resolve("runs/spark"));
    assertSameJson("model.json", one, onSpark);
    assertThat(Json.MAPPER.readTree(dir.resolve("runs/spark/config.json").toFile()).get("rows").asLong())
        .isEqualTo(Json.MAPPER.readTree(dir.resolve("runs/one/config.json").toFile()).get("rows").asLong());

    cli("sample", dir.resolve("runs/one").toString(), "-n", "300", "--seed", "4", "--out", dir.resolve("one.csv").toString(), "-q");
    cli("sample", dir.resolve("runs/spark").toString(), "-n", "300", "--seed", "4", "--out", dir.resolve("spark.csv").toString(), "-q");
    List<String> a = Files.readAllLines(dir.resolve("one.csv"));
    List<String> b = Files.readAllLines(dir.resolve("spark.csv"));
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      String[] x = a.get(i).split(",", -1);
      String[] y = b.get(i).split(",", -1);
      assertThat(y).as("sample line " + i).hasSameSizeAs(x);
      for (int j = 0; j < x.length; j++) {
        if (x[j].matches("-?[0-9.]+(E-?[0-9]+)?") && x[j].contains(".")) {
          assertThat(Double.parseDouble(y[j])).as("sample line " + i + " cell " + j)
              .isCloseTo(Double.parseDouble(x[j]), within(1e-9 * Math.max(1, Math.abs(Double.parseDouble(x[j])))));
        } else {
          assertThat(y[j]).as("sample line " + i + " cell " + j).isEqualTo(x[j]);
        }
      }
    }
  }

  @Test
  void a_categorical_model_merges_its_counts_exactly() {
    NbConfig config = NbConfig.defaults(NbKind.CATEGORICAL);
    NbModel one = NbModel.fit(config, NbData.fromCsv(train, "label", config));
    NbModel onSpark = SparkNb.fit(spark, config, train, "label");
    assertThat(onSpark.classes()).isEqualTo(one.classes());
    assertThat(onSpark.classCount()).containsExactly(one.classCount());
    NbData rows = NbData.fromCsv(train, one.table());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(onSpark.jointLogLikelihood(rows.features(i))).containsExactly(one.jointLogLikelihood(rows.features(i)));
    }
  }

  @Test
  void an_unknown_label_column_is_named() {
    assertThatThrownBy(() -> SparkNb.fit(spark, NbConfig.defaults(), train, "sentiment"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("label column 'sentiment' does not exist");
  }

  private static JsonNode model(Path run) throws IOException {
    ObjectNode m = (ObjectNode) Json.MAPPER.readTree(run.resolve("model.json").toFile());
    m.remove("data"); // provenance: the file's fingerprint on one machine, partitions on Spark
    return m;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertSameJson(String where, JsonNode a, JsonNode b) {
    if (a.isNumber() && !a.isIntegralNumber()) {
      assertThat(b.isNumber()).as(where).isTrue();
      assertThat(b.asDouble()).as(where).isCloseTo(a.asDouble(), within(1e-9 * Math.max(1, Math.abs(a.asDouble()))));
    } else if (a.isContainerNode()) {
      assertThat(b.size()).as(where + " size").isEqualTo(a.size());
      if (a.isObject()) {
        Iterator<String> names = a.fieldNames();
        names.forEachRemaining(k -> assertSameJson(where + "." + k, a.get(k), b.get(k)));
      } else {
        for (int i = 0; i < a.size(); i++) {
          assertSameJson(where + "[" + i + "]", a.get(i), b.get(i));
        }
      }
    } else {
      assertThat(b).as(where).isEqualTo(a);
    }
  }
}
