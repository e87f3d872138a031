package dev.fabrica.spark.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.recipe.RecipeParser;
import dev.fabrica.data.table.Row;
import dev.fabrica.spark.SharedSpark;
import dev.fabrica.testkit.ReviewsCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same recipe on the embedded engine and on Spark ({@link SharedSpark}: 5 partitions, so fits
 * merge several parts and splits continue ranks across partitions) gives the same files: the same
 * rows in the same splits and order, the same text, numbers equal to rounding, the same stats.json.
 */
class SparkPrepTest {
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws IOException {
    spark = SharedSpark.session();
    ReviewsCsv.write(dir.resolve("reviews.csv"), 3000, 11);
  }

  private static Path recipe(String name, String text) throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, text);
    return f;
  }

  private static Pipeline.Options options(Path out) {
    return new Pipeline.Options(7, false, out, Reporter.silent(), false).withThreads(2);
  }

  private static void runBoth(Path recipe, String name) {
    Pipeline.run(RecipeParser.parse(recipe), options(dir.resolve(name + "-embedded")));
    PrepReport r = SparkPrep.run(spark, RecipeParser.parse(recipe), options(dir.resolve(name + "-spark")));
    assertThat(r.output()).isEqualTo(dir.resolve(name + "-spark").toAbsolutePath().normalize());
    assertThat(r.report()).containsEntry("engine", "spark");
  }

  @Test
  void the_readme_recipe_gives_the_embedded_engines_splits_text_statistics_and_augmented_copies() throws IOException {
    Path recipe = recipe("readme", """
        input: {path: reviews.csv}
        steps:
          - dedupe: {}
          - fill_missing: {text: unknown, feature1: mean, feature2: median, label: mode}
          - clean_text: {column: text, remove: [punctuation, symbols, urls, html], whitespace: collapse}
          - split: {train: 0.70, val: 0.15, test: 0.15, seed: 42, stratify: label}
          - normalize: {columns: [feature1, feature2], method: standard}
          - augment_text: {column: text, ops: [synonym, insert, swap, delete], copies: 1, p: 0.1, seed: 7}
        output: {dir: unused, formats: [csv, jsonl]}
        """);
    runBoth(recipe, "readme");
    JsonNode steps = Json.MAPPER.readTree(dir.resolve("readme-spark/report.json").toFile()).get("steps");
    assertThat(steps.get(0).get("duplicates_dropped").asLong()).isPositive();
    assertThat(steps.get(1).at("/filled/text/filled").asLong()).isPositive();
    assertThat(steps.get(2).get("cells_changed").asLong()).isPositive();
    assertThat(steps.get(5).get("copies").asLong()).isPositive();
    assertThat(steps.get(5).at("/ops/synonym").asLong()).as("WordNet found synonyms on the executors").isPositive();
    assertSameOutputs(dir.resolve("readme-embedded"), dir.resolve("readme-spark"), List.of(
        "train.csv", "val.csv", "test.csv", "train.jsonl", "val.jsonl", "test.jsonl"));
  }

  /**
   * Copies made before a split are split, deduplicated and fitted like any row, so the engines agree
   * only if Spark keeps each record's rows in the embedded engine's order (the row, then its copies)
   * through its sorts and shuffles; a synonyms file read on the driver reaches the executors.
   */
  @Test
  void augmented_copies_before_a_dedupe_and_a_split_keep_the_embedded_order() throws IOException {
    Files.writeString(dir.resolve("zh.txt"), "# groups of synonyms\n质量 品质\n喜欢 喜爱 钟爱\n便宜 实惠\ngreat superb\n");
    Path recipe = recipe("augment-first", """
        input: {path: reviews.csv}
        steps:
          - clean_text: {column: text, remove: [symbols, urls, html], whitespace: collapse}
          - drop_missing: {columns: [text, label]}
          - augment_text: {column: text, ops: [synonym, swap, delete, insert], copies: 3, p: 0.2, seed: 11, synonyms: zh.txt}
          - dedupe: {columns: [text]}
          - split: {train: 0.6, val: 0.2, test: 0.2, seed: 5, stratify: augmented}
          - augment_text: {column: text, ops: [swap], copies: 2, splits: [train], wordnet: false}
          - normalize: {columns: [feature1], method: standard}
        output: {dir: unused, formats: [csv, parquet]}
        """);
    runBoth(recipe, "augment-first");
    JsonNode steps = Json.MAPPER.readTree(dir.resolve("augment-first-spark/report.json").toFile()).get("steps");
    assertThat(steps.get(2).get("copies_unchanged").asLong()).as("unchanged copies for dedupe to drop").isPositive();
    assertThat(steps.get(3).get("duplicates_dropped").asLong()).isPositive();
    assertSameOutputs(dir.resolve("augment-first-embedded"), dir.resolve("augment-first-spark"), List.of(
        "train.csv", "val.csv", "test.csv", "train.parquet", "val.parquet", "test.parquet"));
    JsonNode second = steps.get(5);
    assertThat(second.get("rows_augmented").asLong()).as("train rows copied again").isPositive();
    assertThat(second.get("copies").asLong()).isEqualTo(2 * second.get("rows_augmented").asLong());
    assertThat(second.get("rows_out").asLong()).isEqualTo(second.get("rows_in").asLong() + second.get("copies").asLong());
  }

  @Test
  void fits_after_a_split_use_train_rows_and_parquet_output_matches() throws IOException {
    Path recipe = recipe("after-split", """
        input: {path: reviews.csv}
        steps:
          - clean_text: {column: text, remove: [punctuation, symbols], lowercase: true}
          - dedupe: {columns: [text]}
          - drop_missing: {columns: [label]}
          - label: {column: label, map: {pos: positive, neg: negative}}
          - split: {train: 0.8, val: 0.1, test: 0.1, seed: 3}
          - fill_missing: {feature1: mean, feature2: median}
          - normalize: {columns: [feature1, feature2], method: minmax, range: [-1, 1]}
          - select: {columns: [text, label, feature1, feature2]}
        output: {dir: unused, formats: [csv, parquet]}
        """);
    runBoth(recipe, "after-split");
    assertSameOutputs(dir.resolve("after-split-embedded"), dir.resolve("after-split-spark"), List.of(
        "train.csv", "val.csv", "test.csv", "train.parquet", "val.parquet", "test.parquet"));
    // the executors wrote the Parquet files: a directory of parts per split, one part per partition
    assertThat(partFiles(dir.resolve("after-split-spark/train.parquet"))).hasSize(5);
    assertThat(dir.resolve("after-split-embedded/train.parquet")).isRegularFile();
    JsonNode report = Json.MAPPER.readTree(dir.resolve("after-split-spark/report.json").toFile());
    assertThat(report.at("/spark/output_partitions").asInt()).isEqualTo(5);
    assertThat(report.get("outputs").findValuesAsText("file")).containsExactly(
        "train.csv", "val.csv", "test.csv", "train.parquet", "val.parquet", "test.parquet");
  }

  /**
   * A recipe with only Parquet output never brings rows to the driver, and the directory of parts
   * it writes is an input like one file, to either engine: read in part order, records numbered on.
   */
  @Test
  void parquet_parts_written_by_executors_are_read_back_as_one_input_by_both_engines() throws IOException {
    Path first = recipe("parts", """
        input: {path: reviews.csv}
        steps:
          - drop_missing: {columns: [text]}
          - augment_text: {column: text, ops: [delete], copies: 1}
        output: {dir: unused, formats: [parquet]}
        """);
    PrepReport r = SparkPrep.run(spark, RecipeParser.parse(first), options(dir.resolve("parts-spark")));
    assertThat(partFiles(dir.resolve("parts-spark/data.parquet"))).hasSizeGreaterThan(1);
    assertThat(r.report().get("rows_out")).isEqualTo(read(dir.resolve("parts-spark/data.parquet")).size() * 1L);
    Files.writeString(dir.resolve("parts-spark/again.yaml"), """
        input: {path: data.parquet}
        steps:
          - dedupe: {columns: [text]}
          - split: {train: 0.6, val: 0.2, test: 0.2, seed: 4, stratify: label}
        output: {dir: unused, formats: [jsonl]}
        """);
    Path again = dir.resolve("parts-spark/again.yaml");
    Pipeline.run(RecipeParser.parse(again), options(dir.resolve("again-embedded")));
    SparkPrep.run(spark, RecipeParser.parse(again), options(dir.resolve("again-spark")));
    JsonNode how = Json.MAPPER.readTree(dir.resolve("again-spark/report.json").toFile()).get("spark");
    assertThat(how.get("input_reader").asText()).isEqualTo("spark");
    assertSameOutputs(dir.resolve("again-embedded"), dir.resolve("again-spark"), List.of("train.jsonl", "val.jsonl", "test.jsonl"));
  }

  private static List<Path> partFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().startsWith("part-") && f.toString().endsWith(".parquet")).toList();
    }
  }

  /**
   * A Parquet input of several row groups is read by Spark's reader, a split per task, and gives the
   * embedded engine's files: the same cells (integers, numbers, texts, booleans, missing ones) and
   * record numbers, so the same dedupe, splits and order.
   */
  @Test
  void a_parquet_input_is_read_by_sparks_reader_in_several_tasks_with_the_embedded_cells() throws IOException {
    Path made = recipe("to-parquet", """
        input: {path: reviews.csv}
        steps:
          - augment_text: {column: text, ops: [swap], copies: 1, seed: 2}
        output: {dir: unused, formats: [parquet]}
        """);
    Pipeline.run(RecipeParser.parse(made), options(dir.resolve("to-parquet")));
    // rewritten by Spark in one file of ~40 KB row groups, so that Spark splits it into several tasks
    Path parts = dir.resolve("groups");
    spark.read().parquet(dir.resolve("to-parquet/data.parquet").toString()).coalesce(1).write()
        .option("parquet.block.size", 40_000).parquet(parts.toString());
    try (Stream<Path> s = Files.list(parts)) {
      Files.move(s.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow(), dir.resolve("groups.parquet"));
    }
    Path recipe = recipe("from-parquet", """
        input: {path: groups.parquet}
        steps:
          - dedupe: {columns: [text]}
          - fill_missing: {feature1: mean, label: mode}
          - clean_text: {column: text, remove: [punctuation, symbols], lowercase: true}
          - split: {train: 0.8, val: 0.1, test: 0.1, seed: 9, stratify: augmented}
          - normalize: {columns: [feature2], method: minmax}
        output: {dir: unused, formats: [csv, parquet]}
        """);
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "65536");
    try {
      runBoth(recipe, "from-parquet");
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
    JsonNode how = Json.MAPPER.readTree(dir.resolve("from-parquet-spark/report.json").toFile()).get("spark");
    assertThat(how.get("input_reader").asText()).isEqualTo("spark");
    assertThat(how.get("input_partitions").asInt()).isGreaterThan(1);
    assertSameOutputs(dir.resolve("from-parquet-embedded"), dir.resolve("from-parquet-spark"), List.of(
        "train.csv", "val.csv", "test.csv", "train.parquet", "val.parquet", "test.parquet"));
  }

  /**
   * A CSV whose records span lines (quoted newlines and CRLFs), with doubled and stray quotes,
   * blank lines, CR-only line ends and a byte order mark, cut into byte ranges that fall anywhere,
   * also inside quoted fields: read a range per task, it gives the embedded engine's files.
   */
  @Test
  void a_csv_input_is_read_in_byte_ranges_with_the_embedded_rows_and_lines() throws IOException {
    java.util.Random rnd = new java.util.Random(3);
    StringBuilder b = new StringBuilder("\uFEFFid,text,label,x\r\n");
    String[] texts = {"plain", "\"a, b\"", "\"two\nlines\"", "\"crlf\r\ninside\"", "\"say \"\"hi\"\"\"", "a\"b", "", "今天 不错",
        "\"" + "long,\n".repeat(30) + "\""};
    String[] ends = {"\r\n", "\n", "\r", "\n\n", "\r\n\r\n"};
    for (int i = 0; i < 2500; i++) {
      b.append(i % 97 == 0 ? 1 : i).append(',').append(texts[rnd.nextInt(texts.length)]).append(',')
          .append(rnd.nextInt(10) == 0 ? "" : rnd.nextBoolean() ? "pos" : "neg").append(',')
          .append(rnd.nextInt(20) == 0 ? "NA" : String.valueOf(rnd.nextInt(1000) / 10.0)).append(ends[rnd.nextInt(ends.length)]);
    }
    Files.writeString(dir.resolve("multiline.csv"), b.toString());
    Path recipe = recipe("ranges", """
        input: {path: multiline.csv}
        steps:
          - dedupe: {columns: [id]}
          - fill_missing: {x: median, label: mode}
          - clean_text: {column: text, remove: [punctuation]}
          - split: {train: 0.7, val: 0.15, test: 0.15, seed: 8, stratify: label}
          - normalize: {columns: [x], method: minmax}
        output: {dir: unused, formats: [csv, jsonl]}
        """);
    withRangeBytes(997, () -> runBoth(recipe, "ranges"));
    JsonNode how = Json.MAPPER.readTree(dir.resolve("ranges-spark/report.json").toFile()).get("spark");
    assertThat(how.get("input_reader").asText()).isEqualTo("fabrica, byte ranges");
    assertThat(how.get("input_partitions").asInt()).isEqualTo((int) ((Files.size(dir.resolve("multiline.csv")) - 3 + 996) / 997));
    assertSameOutputs(dir.resolve("ranges-embedded"), dir.resolve("ranges-spark"), List.of(
        "train.csv", "val.csv", "test.csv", "train.jsonl", "val.jsonl", "test.jsonl"));
  }

  /**
   * CSV, JSON and JSONL are formatted by the executors, a part per partition and split, and the
   * driver's concatenation of the parts is the embedded engine's file byte for byte (a recipe with
   * no mean or standard deviation, whose values could differ in the last digit).
   */
  @Test
  void text_formats_written_in_parts_by_the_executors_are_the_embedded_files_byte_for_byte() throws IOException {
    for (String split : List.of("  - split: {train: 0.6, val: 0.2, test: 0.2, seed: 2, stratify: label}\n", "")) {
      String name = split.isEmpty() ? "text-whole" : "text-split";
      Path recipe = recipe(name, """
          input: {path: reviews.csv}
          steps:
            - dedupe: {}
            - fill_missing: {feature2: median, label: mode, text: unknown}
            - clean_text: {column: text, remove: [symbols, urls], whitespace: collapse}
          """ + split + """
          output: {dir: unused, formats: [csv, json, jsonl, parquet]}
          """);
      withRangeBytes(40_000, () -> runBoth(recipe, name));
      List<String> files = new ArrayList<>();
      for (String s : split.isEmpty() ? List.of("data") : List.of("train", "val", "test")) {
        for (String f : List.of("csv", "json", "jsonl")) {
          files.add(s + "." + f);
          assertThat(Files.readAllBytes(dir.resolve(name + "-spark").resolve(s + "." + f))).as(s + "." + f)
              .isEqualTo(Files.readAllBytes(dir.resolve(name + "-embedded").resolve(s + "." + f)));
        }
      }
      assertSameOutputs(dir.resolve(name + "-embedded"), dir.resolve(name + "-spark"), files);
      try (Stream<Path> left = Files.list(dir.resolve(name + "-spark"))) {
        assertThat(left.map(p -> p.getFileName().toString())).as("no parts left behind").noneMatch(n -> n.startsWith("."));
      }
      JsonNode report = Json.MAPPER.readTree(dir.resolve(name + "-spark/report.json").toFile());
      assertThat(report.at("/spark/input_reader").asText()).isEqualTo("fabrica, byte ranges");
      assertThat(report.at("/spark/executor_formats").toString()).isEqualTo("[\"csv\",\"json\",\"jsonl\",\"parquet\"]");
      assertThat(report.get("outputs").findValuesAsText("file")).hasSize(files.size() + files.size() / 3);
    }
  }

  /**
   * A JSONL input whose records span lines, nest objects and arrays, hold braces and quotes in
   * strings and bring new keys late, cut into ranges anywhere: its columns (the keys in order of
   * first appearance) and rows are found range by range and give the embedded engine's files.
   */
  @Test
  void a_jsonl_input_is_read_in_byte_ranges_with_the_embedded_columns_rows_and_lines() throws IOException {
    java.util.Random rnd = new java.util.Random(4);
    StringBuilder b = new StringBuilder();
    String[] texts = {"plain", "{braces} and [brackets]", "say \\\"hi\\\"", "back\\\\slash", "今天 👍🏽", "two\\nlines"};
    for (int i = 0; i < 3000; i++) {
      b.append("{\"id\": ").append(i % 89 == 0 ? 1 : i).append(rnd.nextBoolean() ? ",\r\n  " : ", ")
          .append("\"text\": \"").append(texts[rnd.nextInt(texts.length)]).append("\", \"label\": ")
          .append(rnd.nextInt(8) == 0 ? "null" : rnd.nextBoolean() ? "\"pos\"" : "\"neg\"");
      if (rnd.nextInt(3) == 0) {
        b.append(", \"meta\": {\"tags\": [\"a\", {\"b\": \"}\"}], \"n\": ").append(rnd.nextInt(100)).append('}');
      }
      if (i > 2500) {
        b.append(", \"late\": ").append(i);
      }
      b.append(rnd.nextInt(5) == 0 ? "\n}\n\n" : "}\n");
    }
    Files.writeString(dir.resolve("records.jsonl"), b.toString());
    Path recipe = recipe("jsonl-ranges", """
        input: {path: records.jsonl}
        steps:
          - dedupe: {columns: [id]}
          - fill_missing: {label: mode}
          - split: {train: 0.7, val: 0.15, test: 0.15, seed: 6, stratify: label}
        output: {dir: unused, formats: [jsonl, csv]}
        """);
    withRangeBytes(4093, () -> runBoth(recipe, "jsonl-ranges"));
    JsonNode how = Json.MAPPER.readTree(dir.resolve("jsonl-ranges-spark/report.json").toFile()).get("spark");
    assertThat(how.get("input_reader").asText()).isEqualTo("fabrica, byte ranges");
    assertThat(how.get("input_partitions").asInt()).isGreaterThan(20);
    assertSameOutputs(dir.resolve("jsonl-ranges-embedded"), dir.resolve("jsonl-ranges-spark"), List.of(
        "train.jsonl", "val.jsonl", "test.jsonl", "train.csv", "val.csv", "test.csv"));
    assertThat(Files.readAllLines(dir.resolve("jsonl-ranges-spark/train.csv")).get(0)).isEqualTo("id,text,label,meta,late");

    // UTF-16, which Jackson detects from the file's first bytes, is no stream of UTF-8 ranges: one task
    Files.writeString(dir.resolve("utf16.jsonl"), "{\"id\": 1, \"text\": \"今天\"}\n".repeat(300), StandardCharsets.UTF_16);
    Path utf16 = recipe("utf16", """
        input: {path: utf16.jsonl}
        steps:
          - dedupe: {columns: [id]}
        output: {dir: unused, formats: [jsonl]}
        """);
    withRangeBytes(1000, () -> runBoth(utf16, "utf16"));
    assertThat(Json.MAPPER.readTree(dir.resolve("utf16-spark/report.json").toFile()).at("/spark/input_reader").asText())
        .isEqualTo("fabrica, one task");
    assertSameOutputs(dir.resolve("utf16-embedded"), dir.resolve("utf16-spark"), List.of("data.jsonl"));

    // a value that is not an object, and an object never closed: the embedded engine's errors
    Path bad = recipe("bad-jsonl", """
        input: {path: bad.jsonl}
        steps:
          - dedupe: {}
        output: {dir: unused}
        """);
    String good = "{\"a\": 1}\n".repeat(2000);
    for (String text : List.of(good + "7\n" + good + "\"x\"\n" + good, good + "{\"a\": [1\n" + good)) {
      Files.writeString(dir.resolve("bad.jsonl"), text);
      String embedded = catchThrowableOfType(BadInputException.class,
          () -> Pipeline.run(RecipeParser.parse(bad), options(dir.resolve("bad-jsonl-embedded")))).getMessage();
      withRangeBytes(1000, () -> assertThatThrownBy(
          () -> SparkPrep.run(spark, RecipeParser.parse(bad), options(dir.resolve("bad-jsonl-spark"))))
          .isInstanceOf(BadInputException.class).hasMessage(embedded));
      assertThat(dir.resolve("bad-jsonl-spark")).doesNotExist();
    }
  }

  @Test
  void bad_records_in_byte_ranges_are_named_as_the_embedded_engine_names_them() throws IOException {
    StringBuilder b = new StringBuilder("id,text\n");
    for (int i = 1; i <= 20_000; i++) {
      b.append(i).append(",\"t\n").append(i).append("\"\n");
    }
    String good = b.toString();
    Path recipe = recipe("bad-ranges", """
        input: {path: bad-ranges.csv}
        steps:
          - dedupe: {}
        output: {dir: unused}
        """);
    // a field too many at the end of the first range and at the start of the second, whose task
    // fails first; a quote never closed; text after a closing quote
    String twice = good.replace("\n9990,", "\n9990,x,").replace("\n10003,", "\n10003,x,");
    Map<String, Long> cases = new java.util.LinkedHashMap<>();
    cases.put(twice, twice.indexOf("\n10003,") + 1L); // the second range starts with record 10003
    cases.put(good + "20001,\"open\n", 4096L);
    cases.put(good.replace("\"t\n250\"", "\"t\n250\"z"), 4096L);
    for (Map.Entry<String, Long> c : cases.entrySet()) {
      Files.writeString(dir.resolve("bad-ranges.csv"), c.getKey());
      String embedded = catchThrowableOfType(BadInputException.class,
          () -> Pipeline.run(RecipeParser.parse(recipe), options(dir.resolve("bad-ranges-embedded")))).getMessage();
      withRangeBytes(c.getValue(), () -> assertThatThrownBy(
          () -> SparkPrep.run(spark, RecipeParser.parse(recipe), options(dir.resolve("bad-ranges-spark"))))
          .isInstanceOf(BadInputException.class).hasMessage(embedded));
      assertThat(dir.resolve("bad-ranges-spark")).doesNotExist();
    }
  }

  private static void withRangeBytes(long bytes, Runnable r) {
    spark.conf().set(RangeReads.RANGE_BYTES, String.valueOf(bytes));
    try {
      r.run();
    } finally {
      spark.conf().unset(RangeReads.RANGE_BYTES);
    }
  }

  @Test
  void a_parquet_input_with_dates_is_left_to_fabricas_reader() throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement st = c.createStatement()) {
      st.execute("COPY (SELECT i AS id, DATE '2024-01-01' + CAST(i AS INTEGER) AS day, 'x' || i AS name FROM range(300) t(i)) TO '"
          + dir.resolve("dates.parquet") + "' (FORMAT parquet)");
    }
    Path recipe = recipe("dates", """
        input: {path: dates.parquet}
        steps:
          - split: {train: 0.5, val: 0.25, test: 0.25, seed: 1}
        output: {dir: unused, formats: [csv]}
        """);
    runBoth(recipe, "dates");
    JsonNode how = Json.MAPPER.readTree(dir.resolve("dates-spark/report.json").toFile()).get("spark");
    assertThat(how.get("input_reader").asText()).isEqualTo("fabrica, one task");
    assertSameOutputs(dir.resolve("dates-embedded"), dir.resolve("dates-spark"), List.of("train.csv", "val.csv", "test.csv"));
  }

  @Test
  void the_command_line_finds_the_engine_and_runs_the_recipe_on_spark() throws IOException {
    Path recipe = recipe("cli", """
        input: {path: reviews.csv}
        steps:
          - dedupe: {}
          - split: {train: 0.5, val: 0.25, test: 0.25}
        output: {dir: cli-out}
        """);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = dev.fabrica.cli.Main.commandLine();
    cl.setOut(new java.io.PrintWriter(out));
    cl.setErr(new java.io.PrintWriter(err));
    int code = cl.execute("prep", recipe.toString(), "-q", "--engine", "spark", "--master", "local[2]", "--seed", "5");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("splits: ").contains("wrote ");
    Pipeline.run(RecipeParser.parse(recipe), new Pipeline.Options(5, false, dir.resolve("cli-embedded"), Reporter.silent(), false));
    assertSameOutputs(dir.resolve("cli-embedded"), dir.resolve("cli-out"), List.of("train.csv", "val.csv", "test.csv"));
    assertThat(spark.sparkContext().isStopped()).as("the engine leaves a session it did not start running").isFalse();
  }

  /**
   * augment_image runs on the executors like augment_text: the copies of a split's rows, made after
   * the split with a random generator of the step's seed, the line and the copy, are the embedded
   * engine's, pixel for pixel, in the same place.
   */
  @Test
  void augment_image_makes_the_embedded_engines_copies_on_the_executors() throws IOException {
    dev.fabrica.testkit.FakeFashion.write(dir.resolve("fashion"), 300, 10, 4);
    Path recipe = recipe("images", """
        input: {path: fashion/train-images-idx3-ubyte.gz, format: idx}
        steps:
          - split: {train: 0.6, val: 0.2, test: 0.2, seed: 3, stratify: label}
          - augment_image: {column: image, ops: [hflip, vflip, rotate], degrees: 20, copies: 2, splits: [train], seed: 5}
        output: {dir: unused, formats: [idx, tfrecord]}
        """);
    runBoth(recipe, "images");
    for (String f : List.of("train.idx", "train-labels.idx", "val.idx", "test-labels.idx", "train.tfrecord", "val.tfrecord",
        "test.tfrecord")) {
      assertThat(Files.readAllBytes(dir.resolve("images-spark").resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(dir.resolve("images-embedded").resolve(f)));
    }
    assertSameOutputs(dir.resolve("images-embedded"), dir.resolve("images-spark"), List.of());
    JsonNode step = Json.MAPPER.readTree(dir.resolve("images-spark/report.json").toFile()).get("steps").get(1);
    assertThat(step.get("copies").asLong()).isEqualTo(2 * step.get("rows_augmented").asLong()).isPositive();
  }

  @Test
  void every_recipe_step_runs_on_spark() {
    assertThat(SparkPrep.STEPS).containsExactlyInAnyOrderElementsOf(dev.fabrica.data.engine.Steps.names());
  }

  @Test
  void a_bad_cell_met_on_an_executor_names_the_file_and_line_and_leaves_no_output() throws IOException {
    Files.writeString(dir.resolve("bad.csv"), "x,label\n1,a\n2,b\nthree,a\n4,b\n");
    Path recipe = recipe("bad", """
        input: {path: bad.csv}
        steps:
          - normalize: {columns: [x]}
        output: {dir: unused}
        """);
    assertThatThrownBy(() -> SparkPrep.run(spark, RecipeParser.parse(recipe), options(dir.resolve("bad-out"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("bad.csv line 4")
        .hasMessageContaining("column x");
    assertThat(dir.resolve("bad-out")).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".bad-out"));
    }
  }

  /** Every file has the same rows in the same order, cells equal (numbers to 1e-12 relative), and stats.json agrees. */
  private static void assertSameOutputs(Path embedded, Path spark, List<String> files) throws IOException {
    for (String f : files) {
      List<Row> a = read(embedded.resolve(f));
      List<Row> b = read(spark.resolve(f));
      assertThat(b).as(f + " rows").hasSameSizeAs(a);
      assertThat(a).as(f).isNotEmpty();
      for (int i = 0; i < a.size(); i++) {
        assertSameCells(f + " row " + (i + 1), a.get(i).values(), b.get(i).values());
      }
    }
    JsonNode sa = Json.MAPPER.readTree(embedded.resolve("stats.json").toFile());
    JsonNode sb = Json.MAPPER.readTree(spark.resolve("stats.json").toFile());
    assertSameJson("stats.json", sa, sb);
    JsonNode ra = Json.MAPPER.readTree(embedded.resolve("report.json").toFile());
    JsonNode rb = Json.MAPPER.readTree(spark.resolve("report.json").toFile());
    assertThat(rb.get("splits")).isEqualTo(ra.get("splits"));
    assertThat(rb.get("label_counts")).isEqualTo(ra.get("label_counts"));
    assertThat(rb.get("rows_out")).isEqualTo(ra.get("rows_out"));
    // every step's entry: rows in and out, and its own figures (duplicates dropped, cells filled and
    // changed, label counts, fitted values to rounding), counted on the executors and added up
    assertThat(rb.get("steps").size()).isEqualTo(ra.get("steps").size());
    for (int i = 0; i < ra.get("steps").size(); i++) {
      assertSameJson("report step " + i, ra.get("steps").get(i), rb.get("steps").get(i));
    }
  }

  private static void assertSameCells(String where, Object[] a, Object[] b) {
    assertThat(b).as(where).hasSameSizeAs(a);
    for (int j = 0; j < a.length; j++) {
      if (a[j] instanceof Double x && b[j] instanceof Number y) {
        assertThat(y.doubleValue()).as(where + " cell " + j).isCloseTo(x, within(1e-12 * Math.max(1, Math.abs(x))));
      } else {
        assertThat(b[j]).as(where + " cell " + j).isEqualTo(a[j]);
      }
    }
  }

  private static void assertSameJson(String where, JsonNode a, JsonNode b) {
    if (a.isNumber() && !a.isIntegralNumber()) {
      assertThat(b.isNumber()).as(where).isTrue();
      assertThat(b.asDouble()).as(where).isCloseTo(a.asDouble(), within(1e-12 * Math.max(1, Math.abs(a.asDouble()))));
    } else if (a.isContainerNode()) {
      assertThat(b.size()).as(where + " size").isEqualTo(a.size());
      if (a.isObject()) {
        assertThat(iterable(b.fieldNames())).as(where + " keys").containsExactlyElementsOf(iterable(a.fieldNames()));
        a.fields().forEachRemaining(e -> assertSameJson(where + "." + e.getKey(), e.getValue(), b.get(e.getKey())));
      } else {
        for (int i = 0; i < a.size(); i++) {
          assertSameJson(where + "[" + i + "]", a.get(i), b.get(i));
        }
      }
    } else {
      assertThat(b).as(where).isEqualTo(a);
    }
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static List<Row> read(Path file) throws IOException {
    String name = file.getFileName().toString();
    String format = name.substring(name.lastIndexOf('.') + 1);
    List<Row> rows = new ArrayList<>();
    try (RowSource src = ExternalRun.open(file, format, Params.of(file.toString(), Map.of()))) {
      src.read(rows::add);
    }
    return rows;
  }
}
