package dev.fabrica.data.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.PrepFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  @TempDir Path tmp;

  static final String REVIEWS = """
      id,text,label,feature1,feature2
      1,"Great, works!",pos,1.0,10
      2,今天天气不错！,pos,2.0,
      3,bad,neg,,30
      1,"Great, works!",pos,1.0,10
      5,"two
      lines",neg,4.0,40
      6,,neg,5.0,50
      7,fine,pos,6,60
      8,ok,pos,7,70
      9,meh,neg,8,80
      10,good,pos,9,90
      """;

  @Test
  void runs_dedupe_fill_split_normalize_and_writes_every_split_and_format() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("reviews.csv", REVIEWS);
    PrepReport r = fx.run("""
        input: {path: reviews.csv}
        steps:
          - dedupe: {}
          - fill_missing: {text: unknown, feature1: mean, feature2: median, label: mode}
          - split: {train: 0.70, val: 0.15, test: 0.15, seed: 42, stratify: label}
          - normalize: {columns: [feature1, feature2], method: standard}
        output: {dir: out/reviews, formats: [csv, jsonl, json]}
        """);
    for (String f : List.of("train", "val", "test")) {
      for (String ext : List.of("csv", "jsonl", "json")) {
        assertThat(fx.exists("out/reviews/" + f + "." + ext)).as(f + "." + ext).isTrue();
      }
    }
    assertThat(fx.exists("out/reviews/stats.json")).isTrue();
    assertThat(fx.exists("out/reviews/report.json")).isTrue();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) r.report().get("steps");
    assertThat(steps.get(0)).containsEntry("rows_in", 10L).containsEntry("rows_out", 9L).containsEntry("duplicates_dropped", 1L);
    assertThat(r.report().get("splits")).isEqualTo(Map.of("train", 6L, "val", 2L, "test", 1L));
    // 9 rows, stratified: neg 4 -> 3/1/0 (2.8, .6, .6 -> 2+1 largest remainder), pos 5 -> 4/1/0 ... sums to 9
    long rows = fx.lines("out/reviews/train.csv").size() - 1 + fx.lines("out/reviews/val.jsonl").size()
        + fx.lines("out/reviews/test.jsonl").size();
    assertThat(rows).isEqualTo(9);
  }

  @Test
  void the_same_recipe_and_seed_give_byte_identical_outputs() throws IOException {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("reviews.csv", REVIEWS);
    String recipe = """
        input: {path: reviews.csv}
        steps:
          - split: {seed: 7}
        output: {dir: out/a, formats: [csv]}
        """;
    fx.run(recipe);
    fx.run(recipe.replace("out/a", "out/b"));
    for (String f : List.of("train.csv", "val.csv", "test.csv")) {
      assertThat(Files.readAllBytes(tmp.resolve("out/b/" + f))).isEqualTo(Files.readAllBytes(tmp.resolve("out/a/" + f)));
    }
    fx.run(recipe.replace("out/a", "out/c").replace("seed: 7", "seed: 8"));
    assertThat(fx.read("out/c/train.csv")).isNotEqualTo(fx.read("out/a/train.csv"));
  }

  @Test
  void an_existing_output_directory_is_refused_unless_overwriting() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("reviews.csv", REVIEWS);
    fx.write("out/old.txt", "keep me");
    String recipe = "input: {path: reviews.csv}\noutput: {dir: out}\n";
    assertThatThrownBy(() -> fx.run(recipe))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("already exists")
        .hasMessageContaining("--overwrite");
    assertThat(fx.read("out/old.txt")).isEqualTo("keep me");
    fx.run(recipe, true);
    assertThat(fx.exists("out/old.txt")).isFalse();
    assertThat(fx.exists("out/data.csv")).isTrue();
  }

  @Test
  void a_failure_midway_leaves_no_output_directory_behind() throws IOException {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("r.csv", "id,x\n1,1.5\n2,2.5\n3,abc\n");
    assertThatThrownBy(() -> fx.run("""
        input: {path: r.csv}
        steps:
          - normalize: {columns: [x]}
        output: {dir: out}
        """))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("r.csv line 4")
        .hasMessageContaining("column x: 'abc' is not a number");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("r.csv", "recipe.yaml");
    }
  }

  @Test
  void a_missing_input_file_names_the_recipe_key_and_path() {
    PrepFixture fx = new PrepFixture(tmp);
    assertThatThrownBy(() -> fx.run("input: {path: nope.csv}\noutput: {dir: out}\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("recipe.yaml: input.path: no such file or folder")
        .hasMessageContaining("nope.csv");
  }

  @Test
  void an_unknown_step_names_its_position_and_the_known_steps() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("r.csv", "a\n1\n");
    assertThatThrownBy(() -> fx.run("input: {path: r.csv}\nsteps:\n  - dedupe: {}\n  - shuffle: {}\noutput: {dir: out}\n"))
        .hasMessageContaining("recipe.yaml: steps[1].shuffle: unknown step 'shuffle'")
        .hasMessageContaining("dedupe");
  }

  @Test
  void an_unknown_column_names_the_recipe_key_and_the_columns() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("r.csv", "a,b\n1,2\n");
    assertThatThrownBy(() -> fx.run("input: {path: r.csv}\nsteps:\n  - dedupe: {columns: [c]}\noutput: {dir: out}\n"))
        .hasMessageContaining("recipe.yaml: steps[0].dedupe.columns: unknown column 'c' (columns: a, b)");
    assertThat(fx.exists("out")).isFalse();
  }

  @Test
  void a_header_only_file_is_an_error_not_an_empty_dataset() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("h.csv", "a,b\n");
    assertThatThrownBy(() -> fx.run("input: {path: h.csv}\noutput: {dir: out}\n"))
        .hasMessageContaining("h.csv: no rows left");
  }

  @Test
  void reads_every_text_input_format_by_extension() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("a.jsonl", "{\"text\": \"x\", \"label\": 1}\n{\"text\": \"y\", \"label\": 2}\n");
    fx.run("input: {path: a.jsonl}\noutput: {dir: o1, formats: [json]}\n");
    assertThat(fx.read("o1/data.json")).isEqualTo("[\n{\"text\":\"x\",\"label\":1},\n{\"text\":\"y\",\"label\":2}\n]\n");
    fx.write("f", "one\n%\ntwo\n");
    fx.run("input: {path: f, format: fortune}\noutput: {dir: o2, formats: [jsonl]}\n");
    assertThat(fx.lines("o2/data.jsonl")).containsExactly("{\"text\":\"one\"}", "{\"text\":\"two\"}");
  }

  @Test
  void keeps_before_and_after_examples_of_rows_a_step_changed_or_dropped() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("a.csv", "id,v\n1,\n2,5\n2,5\n3,\n");
    Path recipe = fx.write("recipe.yaml", """
        input: {path: a.csv}
        steps:
          - dedupe: {}
          - fill_missing: {v: 0}
        output: {dir: out}
        """);
    PrepReport r = Pipeline.run(dev.fabrica.data.recipe.RecipeParser.parse(recipe),
        new Pipeline.Options(1, false, null, dev.fabrica.core.Reporter.silent(), false, 5));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) r.report().get("steps");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> dropped = (List<Map<String, Object>>) steps.get(0).get("examples");
    assertThat(dropped).hasSize(1);
    assertThat(dropped.get(0)).containsEntry("line", 4L).containsEntry("after", List.of());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> filled = (List<Map<String, Object>>) steps.get(1).get("examples");
    assertThat(filled).extracting(e -> e.get("line")).containsExactly(2L, 5L);
    assertThat(filled.get(0).get("after")).isEqualTo(List.of(Map.of("id", 1L, "v", 0L)));
  }

  @Test
  void a_split_with_no_rows_gets_no_file() {
    PrepFixture fx = new PrepFixture(tmp);
    fx.write("reviews.csv", REVIEWS);
    PrepReport r = fx.run("""
        input: {path: reviews.csv}
        steps:
          - split: {train: 0.9, val: 0.1, test: 0.0}
        output: {dir: out, formats: [csv]}
        """);
    assertThat(fx.exists("out/train.csv")).isTrue();
    assertThat(fx.exists("out/val.csv")).isTrue();
    assertThat(fx.exists("out/test.csv")).isFalse();
    assertThat(r.report().get("splits")).isEqualTo(Map.of("train", 9L, "val", 1L, "test", 0L));
  }

  @Test
  void one_thread_and_many_threads_give_byte_identical_outputs() throws IOException {
    PrepFixture fx = new PrepFixture(tmp);
    StringBuilder csv = new StringBuilder("id,text,label,x\n");
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 20_000; i++) {
      csv.append(i % 1000 == 7 ? 6 : i).append(",\"").append(rnd.nextInt(50)).append(" 今天, world!! \"")
          .append(',').append(rnd.nextBoolean() ? "a" : "b").append(',').append(i % 13 == 0 ? "" : String.valueOf(rnd.nextGaussian()))
          .append('\n');
    }
    fx.write("big.csv", csv.toString());
    String recipe = """
        input: {path: big.csv}
        steps:
          - dedupe: {columns: [id]}
          - fill_missing: {x: median}
          - clean_text: {column: text, remove: [punctuation]}
          - split: {stratify: label}
          - normalize: {columns: [x]}
        output: {dir: OUT, formats: [csv, jsonl]}
        """;
    for (int threads : new int[] {1, 4}) {
      Path r = fx.write("r" + threads + ".yaml", recipe.replace("OUT", "out" + threads));
      PrepReport report = Pipeline.run(dev.fabrica.data.recipe.RecipeParser.parse(r),
          new Pipeline.Options(9, false, null, dev.fabrica.core.Reporter.silent(), false).withThreads(threads));
      assertThat(report.report().get("rows_out")).isEqualTo(19_980L);
    }
    for (String f : List.of("train.csv", "val.csv", "test.jsonl", "stats.json")) {
      assertThat(Files.readAllBytes(tmp.resolve("out4/" + f))).as(f).isEqualTo(Files.readAllBytes(tmp.resolve("out1/" + f)));
    }
  }

  @Test
  void a_bad_row_deep_in_a_threaded_pass_stops_the_run_and_names_its_line() {
    PrepFixture fx = new PrepFixture(tmp);
    StringBuilder csv = new StringBuilder("id,x\n");
    for (int i = 0; i < 10_000; i++) {
      csv.append(i).append(',').append(i == 8_000 ? "oops" : String.valueOf(i)).append('\n');
    }
    fx.write("a.csv", csv.toString());
    Path r = fx.write("r.yaml", "input: {path: a.csv}\nsteps:\n  - select: {columns: [x, id]}\n  - normalize: {columns: [x]}\noutput: {dir: out}\n");
    assertThatThrownBy(() -> Pipeline.run(dev.fabrica.data.recipe.RecipeParser.parse(r),
        new Pipeline.Options(1, false, null, dev.fabrica.core.Reporter.silent(), false).withThreads(3)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("a.csv line 8002: column x: 'oops' is not a number");
    assertThat(fx.exists("out")).isFalse();
  }
}
