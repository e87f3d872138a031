package dev.fabrica.classic.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.data.stats.Scaler;
import dev.fabrica.data.table.Cells;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading CSVs and prepared datasets, and the errors bad input gets. */
class NbDataTest {
  @TempDir Path dir;

  private static NbData cells(NbConfig config, Object[]... rows) {
    return NbData.ofCells("t.csv", List.of("x", "y"), List.of(rows), "y", config);
  }

  @Test
  void samples_are_mapped_back_through_the_stats_json_beside_the_csv() throws IOException {
    // raw feature: class a ~ N(50, 10²), class b ~ N(80, 5²); the CSV holds it standardized
    SplittableRandom r = new SplittableRandom(21L);
    int n = 2000;
    double[] raw = new double[n];
    String[] label = new String[n];
    for (int i = 0; i < n; i++) {
      label[i] = i % 2 == 0 ? "a" : "b";
      raw[i] = label[i].equals("a") ? 50 + 10 * r.nextGaussian() : 80 + 5 * r.nextGaussian();
    }
    double mean = java.util.Arrays.stream(raw).average().orElseThrow();
    double std = Math.sqrt(java.util.Arrays.stream(raw).map(v -> (v - mean) * (v - mean)).sum() / n);
    Scaler scaler = Scaler.standard(mean, std);
    StringBuilder csv = new StringBuilder("feature1,label\n");
    for (int i = 0; i < n; i++) {
      csv.append(Cells.formatDouble(scaler.transform(raw[i]))).append(',').append(label[i]).append('\n');
    }
    Files.writeString(dir.resolve("train.csv"), csv);
    Json.writeFile(dir.resolve("stats.json"), Map.of(
        "columns", List.of(Map.of("name", "feature1", "type", "double"), Map.of("name", "label", "type", "string")),
        "scalers", Map.of("feature1", scaler.toMap())));

    NbModel m = NbModel.fit(NbConfig.defaults(), NbData.fromCsv(dir.resolve("train.csv"), "label", NbConfig.defaults()));
    assertThat(((GaussianBlock) m.blocks().get(0)).theta()[0][0]).isLessThan(0); // fitted on the normalized scale
    NbSamples s = m.sample(20_000, 5L, "a");
    double sampled = s.column("feature1").stream().mapToDouble(v -> (Double) v).average().orElseThrow();
    assertThat(sampled).isCloseTo(50, within(0.5)); // 0.5 ≈ 7 standard errors of 10 / sqrt(20000), plus fit error
    // the scaler travels with the model
    m.save(dir.resolve("run/model.json"));
    NbSamples again = NbModel.load(dir.resolve("run/model.json")).sample(20_000, 5L, "a");
    assertThat(again.column("feature1")).isEqualTo(s.column("feature1"));
  }

  @Test
  void a_csv_without_stats_json_predicts_its_own_test_split() throws IOException {
    Files.writeString(dir.resolve("train.csv"), "size,colour,label\n1,red,x\n2,red,x\n9,blue,y\n8,blue,y\n,blue,y\n");
    Files.writeString(dir.resolve("test.csv"), "colour,size\nred,1\nblue,\n");
    NbConfig config = NbConfig.defaults(NbKind.MIXED);
    NbData train = NbData.fromCsv(dir.resolve("train.csv"), "label", config);
    assertThat(train.stats()).isNull();
    NbModel m = NbModel.fit(config, train);
    NbData test = NbData.fromCsv(dir.resolve("test.csv"), m.table());
    assertThat(m.predict(test)).containsExactly("x", "y");
    assertThat(test.label(0)).isNull();
  }

  @Test
  void nan_and_infinite_features_are_rejected_naming_the_row_and_column() {
    NbConfig config = NbConfig.defaults();
    assertThatThrownBy(() -> cells(config, new Object[] {1.0, "a"}, new Object[] {Double.NaN, "b"}))
        .isInstanceOf(BadInputException.class).hasMessageContaining("t.csv line 2 column 'x'").hasMessageContaining("NaN");
    assertThatThrownBy(() -> cells(config, new Object[] {Double.NEGATIVE_INFINITY, "a"}))
        .isInstanceOf(BadInputException.class).hasMessageContaining("line 1 column 'x'").hasMessageContaining("Infinity");
  }

  @Test
  void negative_counts_are_rejected_for_multinomial_and_complement() {
    for (NbKind kind : new NbKind[] {NbKind.MULTINOMIAL, NbKind.COMPLEMENT}) {
      assertThatThrownBy(() -> cells(NbConfig.defaults(kind), new Object[] {2L, "a"}, new Object[] {-1L, "b"}))
          .isInstanceOf(BadInputException.class).hasMessageContaining("line 2 column 'x': negative count -1");
    }
  }

  @Test
  void a_label_column_that_does_not_exist_is_named_with_the_columns_that_do() {
    assertThatThrownBy(() -> NbData.ofCells("t.csv", List.of("x", "y"), List.<Object[]>of(new Object[] {1.0, "a"}),
        "species", NbConfig.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessage("t.csv: label column 'species' does not exist (columns: x, y)");
  }

  @Test
  void an_empty_training_set_or_one_without_labels_is_an_error() throws IOException {
    assertThatThrownBy(() -> NbData.ofCells("t.csv", List.of("x", "y"), new ArrayList<>(), "y", NbConfig.defaults()))
        .isInstanceOf(BadInputException.class).hasMessageContaining("t.csv: no rows");
    Files.writeString(dir.resolve("nolabels.csv"), "x,y\n1,\n2,\n");
    NbConfig mixed = NbConfig.defaults(NbKind.MIXED);
    NbData data = NbData.fromCsv(dir.resolve("nolabels.csv"), "y", mixed);
    assertThatThrownBy(() -> NbModel.fit(mixed, data))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no labelled rows");
  }

  @Test
  void text_in_a_numeric_kind_and_unknown_labels_in_partial_fit_are_errors() {
    assertThatThrownBy(() -> NbData.ofCells("t.csv", List.of("x", "y"), List.<Object[]>of(new Object[] {"red", "a"}),
        "y", NbConfig.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("column 'x' holds string values; kind gaussian needs numbers");
    NbConfig config = NbConfig.defaults();
    NbModel m = NbModel.fit(config, cells(config, new Object[] {1.0, "a"}, new Object[] {2.0, "b"}));
    assertThatThrownBy(() -> m.partialFit(cells(config, new Object[] {1.0, "c"})))
        .isInstanceOf(BadInputException.class).hasMessageContaining("line 1: label 'c' is not one of the classes [a, b]");
    assertThatThrownBy(() -> m.sample(3, 1L, "c")).isInstanceOf(BadInputException.class).hasMessageContaining("unknown class 'c'");
  }

  @Test
  void config_validation_names_the_bad_value() {
    assertThatThrownBy(() -> NbConfig.defaults().withAlpha(0)).hasMessage("alpha must be positive and finite, got 0.0");
    assertThatThrownBy(() -> NbConfig.defaults().withVarSmoothing(-1))
        .hasMessage("varSmoothing must be non-negative and finite, got -1.0");
    assertThatThrownBy(() -> NbConfig.defaults().withClassPrior(List.of(0.5, 0.6))).hasMessageContaining("sum 1.1");
    assertThatThrownBy(() -> NbConfig.defaults().withTextColumns(List.of("review")))
        .hasMessageContaining("need kind mixed");
  }
}
