package dev.fabrica.data.steps;

import static dev.fabrica.data.steps.StepTesting.row;
import static dev.fabrica.data.steps.StepTesting.run;
import static dev.fabrica.data.steps.StepTesting.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.table.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentTextStepTest {
  private static final List<String> COLS = List.of("id", "text");

  private static List<Row> rows(byte split) {
    return List.of(
        row(1, split, 1L, "the quick brown fox jumps over the lazy dog"),
        row(2, split, 2L, "a happy child reads a good book in the garden"),
        row(3, split, 3L, null));
  }

  private static List<Object> texts(List<Row> rows) {
    return rows.stream().map(r -> r.get(1)).toList();
  }

  @Test
  void emits_each_train_row_then_its_copies_flagged_as_augmented() {
    Step s = step("augment_text", Map.of("column", "text", "copies", 2, "ops", List.of("swap", "delete")));
    assertThat(s.bind(new Step.Binding(COLS, false))).containsExactly("id", "text", "augmented");
    List<Row> out = run(s, COLS, false, rows(Row.NO_SPLIT));
    assertThat(out).hasSize(3 + 3 + 1);
    assertThat(out.stream().map(r -> r.get(2)).toList())
        .containsExactly(false, true, true, false, true, true, false);
    assertThat(out.stream().map(r -> r.get(0)).toList()).containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L);
    assertThat(out.get(6).get(1)).isNull();
    Map<String, Object> report = s.report();
    assertThat(report).containsEntry("rows_augmented", 2L).containsEntry("copies", 4L);
    @SuppressWarnings("unchecked")
    Map<String, Long> ops = (Map<String, Long>) report.get("ops");
    assertThat(ops.get("swap") + ops.get("delete")).isEqualTo(4L);
    assertThat(ops.get("synonym")).isZero();
  }

  @Test
  void val_and_test_rows_pass_through_unaugmented() {
    Map<String, Object> opts = Map.of("column", "text", "copies", 3);
    for (byte split : new byte[] {Row.VAL, Row.TEST, Row.NO_SPLIT}) {
      List<Row> out = run(step("augment_text", opts), COLS, true, rows(split));
      assertThat(out).hasSize(3);
      assertThat(out).allMatch(r -> r.get(2).equals(false));
      assertThat(texts(out)).isEqualTo(texts(rows(split)));
    }
  }

  @Test
  void same_seed_gives_same_copies_and_another_seed_other_copies() {
    List<Object> a = texts(run(step("augment_text", Map.of("column", "text", "seed", 7, "copies", 3)), COLS, false, rows(Row.TRAIN)));
    List<Object> b = texts(run(step("augment_text", Map.of("column", "text", "seed", 7, "copies", 3)), COLS, false, rows(Row.TRAIN)));
    List<Object> c = texts(run(step("augment_text", Map.of("column", "text", "seed", 8, "copies", 3)), COLS, false, rows(Row.TRAIN)));
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void copies_do_not_depend_on_row_order() {
    Map<String, Object> opts = Map.of("column", "text", "seed", 3, "copies", 2);
    List<Row> forward = run(step("augment_text", opts), COLS, false, rows(Row.TRAIN));
    List<Row> reversed = run(step("augment_text", opts), COLS, false, reversed(rows(Row.TRAIN)));
    assertThat(texts(reversed)).containsExactlyInAnyOrderElementsOf(texts(forward));
  }

  private static List<Row> reversed(List<Row> rows) {
    List<Row> r = new java.util.ArrayList<>(rows);
    java.util.Collections.reverse(r);
    return r;
  }

  @Test
  void replaces_chinese_words_from_a_user_synonym_file(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("zh.txt"), "# 同义词\n高兴 快乐 开心\n今天 今日\n");
    Step s =
        step("augment_text",
            Map.of("column", "text", "synonyms", "zh.txt", "wordnet", false, "ops", List.of("synonym")),
            dir);
    List<Row> out = run(s, COLS, false, List.of(row(1, Row.TRAIN, 1L, "今天我很高兴")));
    assertThat(out.get(1).get(1)).isIn("今日我很高兴", "今天我很快乐", "今天我很开心");
  }

  @Test
  void rejects_an_unknown_op_naming_the_key() {
    assertThatThrownBy(() -> step("augment_text", Map.of("column", "text", "ops", List.of("swap", "shuffle"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("steps[0].augment_text.ops")
        .hasMessageContaining("'shuffle'");
  }

  @Test
  void rejects_a_missing_synonyms_file_naming_it(@TempDir Path dir) {
    assertThatThrownBy(() -> step("augment_text", Map.of("column", "text", "synonyms", "nope.txt"), dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("augment_text.synonyms")
        .hasMessageContaining(dir.resolve("nope.txt").toString());
  }
}
