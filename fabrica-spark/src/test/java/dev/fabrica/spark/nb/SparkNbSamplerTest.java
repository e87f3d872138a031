package dev.fabrica.spark.nb;

import static dev.fabrica.spark.SparkCli.cli;
import static dev.fabrica.spark.SparkCli.partFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.classic.nb.NbConfig;
import dev.fabrica.classic.nb.NbData;
import dev.fabrica.classic.nb.NbKind;
import dev.fabrica.classic.nb.NbModel;
import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.ExternalRun;
import dev.fabrica.data.format.RowSource;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import dev.fabrica.spark.SampledParts;
import dev.fabrica.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch sampling into Parquet parts: part p is exactly what the model draws on one machine with
 * the part's derived seed, part 0 with the run's seed itself.
 */
class SparkNbSamplerTest {
  private static SparkSession spark;
  private static NbModel model;
  @TempDir static Path dir;

  @BeforeAll
  static void fit() throws IOException {
    spark = SharedSpark.session();
    StringBuilder csv = new StringBuilder("size,colour,weight,label\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i % 7).append(',').append(i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "").append(',')
          .append(1.5 + (i % 11) * 0.25).append(',').append(i % 4 == 0 ? "big" : "small").append('\n');
    }
    Files.writeString(dir.resolve("t.csv"), csv);
    NbConfig mixed = NbConfig.defaults(NbKind.MIXED);
    model = NbModel.fit(mixed, NbData.fromCsv(dir.resolve("t.csv"), "label", mixed));
  }

  @Test
  void each_part_holds_what_one_machine_draws_with_the_parts_seed() throws IOException {
    Path out = dir.resolve("samples");
    long parts = SparkNbSampler.sample(spark, model, 2500, 42, null, out.toUri().toString(), 1000, false);
    assertThat(parts).isEqualTo(3);
    List<Path> files = partFiles(out);
    assertThat(files).hasSize(3);
    assertThat(out.resolve("_SUCCESS")).exists();
    for (int p = 0; p < 3; p++) {
      List<Row> expected = model.sample(p < 2 ? 1000 : 500, SampledParts.partSeed(42, p), null).rows();
      List<Row> got = read(files.get(p));
      assertThat(got).as("part " + p).hasSameSizeAs(expected);
      for (int i = 0; i < got.size(); i++) {
        assertThat(Arrays.asList(got.get(i).values())).as("part " + p + " row " + i)
            .isEqualTo(Arrays.asList(expected.get(i).values()));
      }
    }
    assertThat(SampledParts.partSeed(42, 0)).isEqualTo(42);
    assertThat(SampledParts.partSeed(42, 1)).isNotEqualTo(SampledParts.partSeed(42, 2));
  }

  @Test
  void the_command_line_samples_a_run_into_parts_of_one_class_and_refuses_an_existing_output() throws IOException {
    Path run = dir.resolve("run");
    cli(0, "train", "nb", "--data", dir.resolve("t.csv").toString(), "--label", "label", "--out", run.toString(), "-q");
    Path out = dir.resolve("big");
    String printed = cli(0, "sample", run.toString(), "-n", "1200", "--seed", "3", "--class", "big", "--engine", "spark",
        "--master", "local[2]", "--rows-per-part", "500", "--out", out.toUri().toString());
    assertThat(printed).contains("1,200 rows in 3 Parquet parts");
    List<Row> rows = new ArrayList<>();
    for (Path f : partFiles(out)) {
      rows.addAll(read(f));
    }
    assertThat(rows).hasSize(1200).allSatisfy(r -> assertThat(r.get(3)).isEqualTo("big"));
    assertThat(cli(2, "sample", run.toString(), "-n", "10", "--engine", "spark", "--out", out.toString()))
        .contains("already exists");
  }

  @Test
  void an_unknown_class_is_named() {
    assertThatThrownBy(() -> SparkNbSampler.sample(spark, model, 10, 1, "huge", dir.resolve("x").toString(), 5, false))
        .isInstanceOf(BadInputException.class).hasMessageContaining("--class").hasMessageContaining("huge");
  }

  private static List<Row> read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (RowSource src = ExternalRun.open(file, "parquet", Params.of(file.toString(), Map.of()))) {
      src.read(rows::add);
    }
    return rows;
  }
}
