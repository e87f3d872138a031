package dev.fabrica.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code fabrica bench spark} at a tiny size, through the real command line and the Spark engine. */
class BenchSparkCommandTest {
  @Test
  void bench_spark_prints_one_json_object_with_rows_per_second_for_each_engine() throws Exception {
    SharedSpark.session();
    CommandLine cl = dev.fabrica.cli.Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("bench", "spark", "--rows", "3000", "--sample-rows", "2500", "--rows-per-part", "1000",
        "--hmm-sequences", "40", "--master", "local[2]", "-q");
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(out.toString());
    assertThat(json.get("benchmark").asText()).isEqualTo("spark");
    assertThat(json.at("/prep/rows").asLong()).isEqualTo(3000);
    assertThat(json.at("/prep/same_splits").asBoolean()).isTrue();
    long train = json.at("/prep/splits/train").asLong();
    assertThat(train).isBetween(1800L, 2200L);
    assertThat(json.at("/prep/embedded/rows_per_second").asLong()).isPositive();
    assertThat(json.at("/prep/spark/rows_per_second").asLong()).isPositive();
    assertThat(json.at("/nb_generation/spark/parts").asLong()).isEqualTo(3);
    assertThat(json.at("/nb_generation/spark/rows_per_second").asLong()).isPositive();
    assertThat(json.at("/nb_generation/embedded_draw_only_one_thread/rows_per_second").asLong()).isPositive();
    assertThat(json.at("/hmm/iterations").asInt()).isEqualTo(12);
    assertThat(json.at("/hmm/max_relative_log_likelihood_difference").asDouble()).isLessThan(1e-10);
    assertThat(json.get("spark_session_seconds").asDouble()).isPositive();
    assertThat(json.get("cores").asInt()).isPositive();
    assertThat(json.get("command").asText())
        .isEqualTo("./fabrica bench spark --rows 3000 --sample-rows 2500 --rows-per-part 1000 --hmm-sequences 40"
            + " --master local[2] --seed 42");
  }
}
