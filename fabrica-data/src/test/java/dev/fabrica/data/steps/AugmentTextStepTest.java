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

  @Test
  void numbers_each_records_rows_so_that_sorting_by_line_and_order_restores_them() {
    Step first = step("augment_text", Map.of("column", "text", "copies", 2, "ops", List.of("swap")));
    Step second = step("augment_text", Map.of("column", "text", "copies", 1, "ops", List.of("delete"), "seed", 9));
    List<Row> once = run(first, COLS, false, rows(Row.NO_SPLIT));
    List<Row> twice = run(second, List.of("id", "text", "augmented"), false, once);
    // record 1 -> 1, 1', 1'' -> (1, 1d), (1', 1'd), (1'', 1''d); record 3 (no text) keeps its place
    assertThat(twice.stream().map(Row::line).toList()).containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L, 3L);
    assertThat(twice.stream().map(Row::order).toList()).containsExactly(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0);
    List<Row> shuffled = new java.util.ArrayList<>(twice);
    java.util.Collections.shuffle(shuffled, new java.util.Random(4));
    shuffled.sort(java.util.Comparator.comparingLong(Row::line).thenComparingInt(Row::order));
    assertThat(texts(shuffled)).isEqualTo(texts(twice));
  }

  @Test
  void a_serialized_copy_makes_the_same_copies_without_its_synonyms_file_and_its_counts_add_up(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("zh.txt"), "高兴 快乐 开心\n今天 今日\nfox hound\n");
    Step s = step("augment_text", Map.of("column", "text", "synonyms", "zh.txt", "copies", 3, "ops", List.of("synonym", "insert")), dir);
    s.bind(new Step.Binding(COLS, false));
    Files.delete(dir.resolve("zh.txt")); // an executor may not see the file: the step carries its words
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    Step copy;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Step) in.readObject();
    }
    List<Row> input = List.of(row(1, Row.TRAIN, 1L, "今天我很高兴"), row(2, Row.TRAIN, 2L, "the quick brown fox"));
    List<Row> a = new java.util.ArrayList<>();
    input.forEach(r -> s.apply(r.copy(), a::add));
    List<Row> b = new java.util.ArrayList<>();
    input.forEach(r -> copy.apply(r.copy(), b::add));
    assertThat(texts(b)).isEqualTo(texts(a));
    assertThat(texts(b).subList(1, 4)).as("copies edited with the file's synonyms").doesNotContain("今天我很高兴");
    assertThat(copy.counts()).isEqualTo(s.counts()).containsEntry("copies", 6L);
    s.addCounts(copy.counts()); // the driver adds what an executor's copy counted
    assertThat(s.report()).containsEntry("rows_augmented", 4L).containsEntry("copies", 12L);
  }
}
