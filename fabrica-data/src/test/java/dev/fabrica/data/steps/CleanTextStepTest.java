package dev.fabrica.data.steps;

import static dev.fabrica.data.steps.StepTesting.row;
import static dev.fabrica.data.steps.StepTesting.run;
import static dev.fabrica.data.steps.StepTesting.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.table.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanTextStepTest {
  @Test
  void cleans_the_named_columns_and_leaves_nulls_and_numbers_alone() {
    Step s =
        step(
            "clean_text",
            Map.of("columns", List.of("a", "b"), "remove", List.of("punctuation", "symbols"),
                "lowercase", true));
    List<Row> out =
        run(s, List.of("a", "b", "c"), false,
            List.of(row(1, Row.NO_SPLIT, "Hello, World! 👍🏽", null, "Keep, me"),
                row(2, Row.NO_SPLIT, 5L, "今天天气不错！", "x")));
    assertThat(out).hasSize(2);
    assertThat(out.get(0).values()).containsExactly("hello world", null, "Keep, me");
    assertThat(out.get(1).values()).containsExactly(5L, "今天天气不错", "x");
    assertThat(s.report()).containsEntry("cells_changed", 2L);
  }

  @Test
  void text_left_empty_becomes_missing_unless_kept() {
    List<Row> out = run(step("clean_text", Map.of("column", "t", "remove", List.of("punctuation", "symbols"))),
        List.of("t"), false, List.of(row(1, Row.NO_SPLIT, "!!! 😀 ..."), row(2, Row.NO_SPLIT, "ok!")));
    assertThat(out).extracting(r -> r.get(0)).containsExactly(null, "ok");
    List<Row> kept = run(step("clean_text", Map.of("column", "t", "remove", List.of("punctuation"), "empty", "keep")),
        List.of("t"), false, List.of(row(1, Row.NO_SPLIT, "...")));
    assertThat(kept.get(0).get(0)).isEqualTo("");
  }

  @Test
  void applies_a_regex_from_the_recipe() {
    Step s =
        step("clean_text", Map.of("column", "t", "regex", Map.of("pattern", "(\\d+)元", "replace", "$1 yuan")));
    List<Row> out = run(s, List.of("t"), false, List.of(row(1, Row.TRAIN, "价格５元")));
    assertThat(out.get(0).get(0)).isEqualTo("价格５ yuan");
  }

  @Test
  void rejects_an_unknown_removal_naming_the_key() {
    assertThatThrownBy(
            () -> step("clean_text", Map.of("column", "t", "remove", List.of("punctuation", "emoji"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("steps[0].clean_text.remove")
        .hasMessageContaining("'emoji'");
  }

  @Test
  void rejects_an_invalid_regex_naming_the_key_and_the_position() {
    assertThatThrownBy(
            () -> step("clean_text", Map.of("column", "t", "regex", Map.of("pattern", "ab(c"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("steps[0].clean_text.regex.pattern")
        .hasMessageContaining("at index 4");
  }

  @Test
  void rejects_a_replacement_naming_a_missing_group() {
    assertThatThrownBy(
            () -> step("clean_text",
                Map.of("column", "t", "regex", Map.of("pattern", "a", "replace", "$1"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("regex.replace");
  }

  @Test
  void rejects_an_unknown_column_and_an_unknown_option() {
    Step s = step("clean_text", Map.of("column", "nope"));
    assertThatThrownBy(() -> s.bind(new Step.Binding(List.of("text"), false)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("clean_text.column: unknown column 'nope'");
    assertThatThrownBy(() -> step("clean_text", Map.of("column", "t", "lowercse", true)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("clean_text.lowercse");
  }
}
