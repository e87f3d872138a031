package dev.fabrica.spark.tabular;

import static dev.fabrica.spark.SparkCli.cli;
import static dev.fabrica.spark.SparkCli.partFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.spark.SampledParts;
import dev.fabrica.spark.SharedSpark;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.TabularModels;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.constraint.Constraint;
import dev.fabrica.tabular.copula.CopulaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copula and TVAE runs sampled into Parquet parts: part p is exactly what one machine draws with the part's
 * derived seed (part 0 with the run's seed: the rows of {@code fabrica sample}), ids run on across
 * parts, and every row keeps the run's constraints.
 */
class SparkTabularSamplerTest {
  private static SparkSession spark;
  private static Path run;
  private static CopulaModel model;
  /** The (city, country) pairs of the training table. */
  private static final Set<List<Object>> PLACES = new HashSet<>();
  @TempDir static Path dir;

  @BeforeAll
  static void train() throws IOException {
    spark = SharedSpark.session();
    SplittableRandom r = new SplittableRandom(5);
    String[][] places = {{"Lyon", "France"}, {"Paris", "France"}, {"Porto", "Portugal"}, {"Lisbon", "Portugal"}};
    StringBuilder csv = new StringBuilder("id,age,income,segment,member,start,end,city,country\n");
    for (int i = 0; i < 400; i++) {
      long age = Math.max(18, Math.min(90, Math.round(40 + 12 * r.nextGaussian())));
      double income = Math.max(20000, Math.min(60000, Math.round((900.0 * age + 4000 * r.nextGaussian()) * 100) / 100.0));
      double u = r.nextDouble();
      String segment = u < 0.6 ? "a" : u < 0.9 ? "b" : "c";
      int start = 1 + r.nextInt(20);
      String[] place = places[r.nextInt(places.length)];
      PLACES.add(List.of(place[0], place[1]));
      csv.append(i + 1).append(',').append(age).append(',').append(income).append(',').append(segment).append(',')
          .append(r.nextDouble() < 0.3).append(',').append(String.format("2024-03-%02d", start)).append(',')
          .append(String.format("2024-03-%02d", start + r.nextInt(8))).append(',').append(place[0]).append(',')
          .append(place[1]).append('\n');
    }
    Files.writeString(dir.resolve("people.csv"), csv);
    Files.writeString(dir.resolve("meta.json"), """
        {"columns": {"id": {"type": "id"}},
         "constraints": [{"type": "inequality", "low": "start", "high": "end"},
                         {"type": "range", "column": "income", "min": 20000, "max": 60000},
                         {"type": "fixed_combinations", "columns": ["city", "country"]}]}
        """);
    run = dir.resolve("run");
    cli(0, "train", "tabular", "--data", dir.resolve("people.csv").toString(), "--metadata", dir.resolve("meta.json").toString(),
        "--synthesizer", "copula", "--out", run.toString(), "-q");
    model = CopulaModel.load(run); // what `fabrica sample` samples
  }

  @Test
  void each_part_holds_what_one_machine_draws_with_the_parts_seed_and_keeps_the_constraints() throws IOException {
    Path out = dir.resolve("samples");
    long parts = SparkTabularSampler.sample(spark, model, 2500, 42, Map.of(), out.toUri().toString(), 1000, false);
    assertThat(parts).isEqualTo(3);
    List<Path> files = partFiles(out);
    assertThat(files).hasSize(3);
    assertThat(out.resolve("_SUCCESS")).exists();
    List<Object[]> all = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      List<Object[]> expected = new ArrayList<>();
      model.rows(p < 2 ? 1000 : 500, SampledParts.partSeed(42, p), Map.of(), p * 1000L + 1).forEachRemaining(expected::add);
      List<Object[]> got = read(files.get(p));
      assertSameRows("part " + p, got, expected);
      all.addAll(got);
    }
    assertSameRows("part 0 against fabrica sample", read(files.get(0)), model.sample(1000, 42, Map.of()).rows());
    assertThat(model.metadata().columns().get(0).integer()).as("an id column of texts, as the override says").isFalse();
    assertThat(all.stream().map(row -> row[0]).toList()).as("ids run on across parts")
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 2500).mapToObj(i -> String.format("row-%06d", i)).toList());
    List<Predicate<Object[]>> rules = new ArrayList<>();
    for (Constraint c : model.metadata().constraints()) {
      rules.add(c.bind(model.metadata().columns()));
    }
    assertThat(rules).hasSize(3);
    for (Object[] row : all) {
      assertThat(rules).allMatch(rule -> rule.test(row));
      assertThat((Double) row[2]).isBetween(20000.0, 60000.0);
      assertThat(((String) row[5]).compareTo((String) row[6])).as("start <= end").isLessThanOrEqualTo(0);
      assertThat(PLACES).contains(List.of(row[7], row[8]));
      assertThat(row[1]).isInstanceOf(Long.class);
      assertThat(row[4]).as("read from CSV as text, written back as text").isIn("true", "false");
    }
  }

  @Test
  void the_command_line_samples_a_copula_run_with_conditions_and_refuses_an_existing_output() throws IOException {
    Path out = dir.resolve("where");
    String printed = cli(0, "sample", run.toString(), "-n", "1200", "--seed", "3", "--where", "segment=b", "--engine", "spark",
        "--master", "local[2]", "--rows-per-part", "500", "--out", out.toUri().toString());
    assertThat(printed).contains("1,200 rows in 3 Parquet parts");
    List<Object[]> rows = new ArrayList<>();
    for (Path f : partFiles(out)) {
      rows.addAll(read(f));
    }
    assertThat(rows).hasSize(1200).allSatisfy(r -> assertThat(r[3]).isEqualTo("b"));
    assertSameRows("part 0", read(partFiles(out).get(0)), model.sample(500, 3, Map.of("segment", "b")).rows());
    assertThat(cli(2, "sample", run.toString(), "-n", "10", "--engine", "spark", "--out", out.toString()))
        .contains("already exists");
  }

  @Test
  void bad_conditions_and_runs_the_engine_cannot_sample_are_named_before_any_task() throws Exception {
    assertThatThrownBy(() -> SparkTabularSampler.sample(spark, model, 10, 1, Map.of("segment", "z"), dir.resolve("x").toString(), 5, false))
        .isInstanceOf(BadInputException.class).hasMessageContaining("--where segment=z").hasMessageContaining("no value 'z'");
    assertThatThrownBy(() -> SparkTabularSampler.sample(spark, model, 0, 1, Map.of(), dir.resolve("x").toString(), 5, false))
        .isInstanceOf(BadInputException.class).hasMessageContaining("-n");
    assertThat(dir.resolve("x")).doesNotExist();
    Path other = dir.resolve("other-run");
    Files.createDirectories(other);
    Files.writeString(other.resolve("config.json"), "{\"model\": \"tabular\", \"synthesizer\": \"bayesnet\"}");
    assertThat(cli(2, "sample", other.toString(), "-n", "10", "--engine", "spark", "--out", dir.resolve("y").toString()))
        .contains("is a bayesnet run").contains("samples copula, ctgan, tvae runs");
  }

  @Test
  void a_tvae_run_is_loaded_on_the_executors_and_each_part_holds_what_one_machine_draws() throws Exception {
    Path tvaeRun = dir.resolve("tvae-run");
    cli(0, "train", "tabular", "--data", dir.resolve("people.csv").toString(), "--metadata", dir.resolve("meta.json").toString(),
        "--synthesizer", "tvae", "--epochs", "3", "--out", tvaeRun.toString(), "--threads", "1", "-q");
    TabularModel tvae = TabularModels.load("tvae", tvaeRun);
    try {
      Path out = dir.resolve("tvae-samples");
      long parts = SparkTabularSampler.sample(spark, tvae, 700, 9, Map.of("segment", "a"), out.toUri().toString(), 300, false);
      assertThat(parts).isEqualTo(3);
      List<Path> files = partFiles(out);
      assertThat(files).hasSize(3);
      for (int p = 0; p < 3; p++) {
        List<Object[]> expected = new ArrayList<>();
        tvae.rows(p < 2 ? 300 : 100, SampledParts.partSeed(9, p), Map.of("segment", "a"), p * 300L + 1).forEachRemaining(expected::add);
        assertSameRows("tvae part " + p, read(files.get(p)), expected);
      }
      assertSameRows("tvae part 0 against fabrica sample", read(files.get(0)), tvae.sample(300, 9, Map.of("segment", "a")).rows());
      assertThat(read(files.get(1))).allSatisfy(r -> assertThat(r[3]).isEqualTo("a"));
    } finally {
      ((AutoCloseable) tvae).close();
    }
    String printed = cli(0, "sample", tvaeRun.toString(), "-n", "50", "--engine", "spark", "--master", "local[2]",
        "--out", dir.resolve("tvae-cli").toUri().toString());
    assertThat(printed).contains("50 rows in 1 Parquet part");
  }

  private static void assertSameRows(String where, List<Object[]> got, List<Object[]> expected) {
    assertThat(got).as(where + " rows").hasSameSizeAs(expected);
    for (int i = 0; i < got.size(); i++) {
      for (int c = 0; c < got.get(i).length; c++) {
        Object a = got.get(i)[c];
        Object b = expected.get(i)[c];
        assertThat(Values.same(a, b)).as(where + " row " + i + " column " + c + ": " + a + " vs " + b).isTrue();
      }
    }
  }

  private static List<Object[]> read(Path file) throws IOException {
    List<Object[]> rows = new ArrayList<>();
    try (RowSource src = ExternalRun.open(file, "parquet", Params.of(file.toString(), Map.of()))) {
      src.read(r -> rows.add(r.values()));
    }
    return rows;
  }
}
