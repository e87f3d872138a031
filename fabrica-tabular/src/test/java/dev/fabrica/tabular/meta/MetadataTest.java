package dev.fabrica.tabular.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.Tables;
import dev.fabrica.tabular.constraint.Constraint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataTest {
  @Test
  void detects_every_kind_in_a_mixed_table() {
    Metadata m = Metadata.detect(Tables.mixed(300, 1));
    assertThat(m.columns()).extracting(ColumnMeta::kind).containsExactly(
        ColumnKind.ID, ColumnKind.NUMERICAL, ColumnKind.NUMERICAL, ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN,
        ColumnKind.DATETIME, ColumnKind.DATETIME, ColumnKind.TEXT);
    assertThat(m.column("age").integer()).isTrue();
    assertThat(m.column("income").integer()).isFalse();
    assertThat(m.column("income").decimals()).isEqualTo(2);
    assertThat(m.column("start").format()).isEqualTo("uuuu-MM-dd");
  }

  @Test
  void small_integer_codes_are_categorical_but_many_integers_are_numerical() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(new Object[] {(long) (i % 3), (long) (i * 7 % 61), "x" + i, i % 2 == 0 ? "yes" : "No"});
    }
    Metadata m = Metadata.detect(new Table("t.csv", List.of("label", "count", "code", "flag"), rows));
    assertThat(m.column("label").kind()).isEqualTo(ColumnKind.CATEGORICAL);
    assertThat(m.column("count").kind()).isEqualTo(ColumnKind.NUMERICAL);
    assertThat(m.column("code").kind()).isEqualTo(ColumnKind.ID); // unique single words
    assertThat(m.column("flag").kind()).isEqualTo(ColumnKind.BOOLEAN);
  }

  @Test
  void unique_integers_are_ids_only_when_named_like_one() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(new Object[] {(long) i, (long) i * 3});
    }
    Metadata m = Metadata.detect(new Table("t.csv", List.of("CustomerID", "weight"), rows));
    assertThat(m.column("CustomerID").kind()).isEqualTo(ColumnKind.ID);
    assertThat(m.column("weight").kind()).isEqualTo(ColumnKind.NUMERICAL);
  }

  @Test
  void wine_is_thirteen_numbers_and_a_categorical_class() {
    Table wine = Tables.sklearn("wine_data.csv");
    org.junit.jupiter.api.Assumptions.assumeTrue(wine != null, "python3-sklearn not installed");
    assertThat(wine.size()).isEqualTo(178);
    assertThat(wine.names()).startsWith("alcohol", "malic_acid").endsWith("proline", "class");
    Metadata m = Metadata.detect(wine);
    assertThat(m.columns().subList(0, 13)).allMatch(c -> c.kind() == ColumnKind.NUMERICAL);
    assertThat(m.column("class").kind()).isEqualTo(ColumnKind.CATEGORICAL);
    assertThat(m.column("magnesium").integer()).isTrue();
    assertThat(m.column("alcohol").decimals()).isEqualTo(2);
  }

  @Test
  void overrides_from_json_change_kinds_and_add_constraints(@TempDir Path dir) throws Exception {
    Table t = Tables.mixed(100, 2);
    Path f = dir.resolve("meta.json");
    Files.writeString(f, """
        {"columns": {"member": {"type": "categorical"}, "age": {"type": "numerical", "decimals": 1}},
         "constraints": [{"type": "inequality", "low": "start", "high": "end"},
                         {"type": "range", "column": "age", "min": 18, "max": 90}]}""");
    Metadata m = Metadata.detect(t).withOverrides(f, t);
    assertThat(m.column("member").kind()).isEqualTo(ColumnKind.CATEGORICAL);
    assertThat(m.column("age").decimals()).isEqualTo(1);
    assertThat(m.column("income").kind()).isEqualTo(ColumnKind.NUMERICAL); // untouched
    assertThat(m.constraints()).containsExactly(new Constraint.Inequality("start", "end", false),
        new Constraint.ValueRange("age", 18.0, 90.0));
    // and the JSON form reads back to the same metadata
    Metadata back = Metadata.fromJson(m.toJson(), "back");
    assertThat(back.columns()).isEqualTo(m.columns());
    assertThat(back.constraints()).isEqualTo(m.constraints());
  }

  @Test
  void override_errors_name_the_file_and_column(@TempDir Path dir) throws Exception {
    Table t = Tables.mixed(50, 3);
    Path f = dir.resolve("meta.json");
    Files.writeString(f, "{\"columns\": {\"agee\": {\"type\": \"numerical\"}}}");
    assertThatThrownBy(() -> Metadata.detect(t).withOverrides(f, t)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("meta.json: columns.agee: no such column");
    Files.writeString(f, "{\"columns\": {\"segment\": {\"type\": \"numerical\"}}}");
    assertThatThrownBy(() -> Metadata.detect(t).withOverrides(f, t)).hasMessageContaining("columns.segment")
        .hasMessageContaining("is not a number");
    Files.writeString(f, "{\"columns\": {\"age\": {\"type\": \"number\"}}}");
    assertThatThrownBy(() -> Metadata.detect(t).withOverrides(f, t)).hasMessageContaining("columns.age.type: unknown column type 'number'");
    Files.writeString(f, "{\"constraints\": [{\"type\": \"inequality\", \"low\": \"segment\", \"high\": \"age\"}]}");
    assertThatThrownBy(() -> Metadata.detect(t).withOverrides(f, t)).hasMessageContaining("segment <= age")
        .hasMessageContaining("is categorical, not numerical");
  }

  @Test
  void json_round_trip_keeps_kinds() {
    Metadata m = Metadata.detect(Tables.mixed(80, 4));
    assertThat(Metadata.fromJson(m.toJson(), "x").columns()).isEqualTo(m.columns());
    assertThat(m.describe()).contains("income").contains("numerical (2 decimals)").contains("datetime (uuuu-MM-dd)");
    assertThat(Map.of()).isEmpty();
  }
}
