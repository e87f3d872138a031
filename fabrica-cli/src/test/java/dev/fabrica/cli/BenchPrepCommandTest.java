package dev.fabrica.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchPrepCommandTest {
  @Test
  void bench_prep_prints_one_json_object_with_the_figures_and_plausible_row_counts() throws Exception {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));

    int code = cl.execute("bench", "prep", "--rows", "2000", "-q");

    assertThat(code).as(err.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(out.toString());
    assertThat(json.isObject()).isTrue();
    for (String field : new String[] {"rows", "rows_out", "seconds", "total_seconds", "rows_per_second",
        "peak_rss_mib", "jvm_max_heap_mib", "cores", "config", "date", "command"}) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("rows").asLong()).isEqualTo(2000);
    long total = json.get("rows_out").get("total").asLong();
    long dups = json.get("generated").get("duplicates").asLong();
    assertThat(total).isEqualTo(2000 - dups).isBetween(1850L, 1950L);
    JsonNode splits = json.get("rows_out");
    assertThat(splits.get("train").asLong() + splits.get("val").asLong() + splits.get("test").asLong()).isEqualTo(total);
    assertThat((double) splits.get("train").asLong()).isCloseTo(total * 0.70, within(1.0));
    assertThat(json.get("seconds").has("load")).isTrue();
    assertThat(json.get("seconds").has("dedupe")).isTrue();
    assertThat(json.get("seconds").has("write_train.jsonl")).isTrue();
    assertThat(json.get("command").asText()).contains("bench prep --rows 2000 --seed 42");
    assertThat(json.get("cores").asInt()).isPositive();
  }

  @Test
  void keep_leaves_the_csv_where_the_json_says() throws Exception {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));

    assertThat(cl.execute("bench", "prep", "--rows", "300", "--keep", "-q")).isZero();

    Path csv = Path.of(Json.MAPPER.readTree(out.toString()).get("csv").asText());
    try {
      assertThat(csv).exists();
    } finally {
      try (var paths = Files.walk(csv.getParent())) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void bench_without_a_benchmark_name_is_a_usage_error() {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));

    assertThat(cl.execute("bench")).isEqualTo(Main.EXIT_BAD_INPUT);
  }
}
