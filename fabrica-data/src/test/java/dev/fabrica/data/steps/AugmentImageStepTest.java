package dev.fabrica.data.steps;

import static dev.fabrica.data.steps.StepTesting.row;
import static dev.fabrica.data.steps.StepTesting.run;
import static dev.fabrica.data.steps.StepTesting.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.Row;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentImageStepTest {
  private static final List<String> COLS = List.of("image", "label");

  private static List<Row> rows(byte split) {
    return List.of(row(1, split, image(1), 0L), row(2, split, image(2), 1L), row(3, split, null, 2L));
  }

  private static Image image(long seed) {
    byte[] b = new byte[8 * 8 * 3];
    new SplittableRandom(seed).nextBytes(b);
    return new Image(8, 8, 3, b);
  }

  private static List<Object> images(List<Row> rows) {
    return rows.stream().map(r -> r.get(0)).toList();
  }

  @Test
  void emits_each_train_row_then_its_copies_of_the_same_shape() {
    var s = step("augment_image", Map.of("column", "image", "copies", 3, "degrees", 20));
    List<Row> out = run(s, COLS, false, rows(Row.TRAIN));
    assertThat(out).hasSize(4 + 4 + 1);
    assertThat(out.stream().map(r -> r.get(2)).toList())
        .containsExactly(false, true, true, true, false, true, true, true, false);
    for (Row r : out.subList(1, 4)) {
      Image im = (Image) r.get(0);
      assertThat(new int[] {im.height(), im.width(), im.channels()}).containsExactly(8, 8, 3);
      assertThat(im).isNotEqualTo(image(1));
      assertThat(r.get(1)).isEqualTo(0L);
    }
    assertThat(s.report()).containsEntry("rows_augmented", 2L).containsEntry("copies", 6L);
  }

  @Test
  void same_seed_gives_same_images_and_another_seed_others() {
    Map<String, Object> a = Map.of("column", "image", "seed", 7, "copies", 2);
    Map<String, Object> b = Map.of("column", "image", "seed", 9, "copies", 2);
    List<Object> first = images(run(step("augment_image", a), COLS, false, rows(Row.TRAIN)));
    assertThat(images(run(step("augment_image", a), COLS, false, rows(Row.TRAIN)))).isEqualTo(first);
    assertThat(images(run(step("augment_image", b), COLS, false, rows(Row.TRAIN)))).isNotEqualTo(first);
  }

  @Test
  void augments_train_rows_only() {
    for (byte split : new byte[] {Row.VAL, Row.TEST}) {
      List<Row> out = run(step("augment_image", Map.of("column", "image")), COLS, true, rows(split));
      assertThat(images(out)).isEqualTo(images(rows(split)));
      assertThat(out).allMatch(r -> r.get(2).equals(false));
    }
  }

  @Test
  void only_flips_when_asked_for_flips_only() {
    var s = step("augment_image", Map.of("column", "image", "ops", List.of("hflip"), "copies", 8));
    List<Row> out = run(s, COLS, false, List.of(row(1, Row.TRAIN, image(1), 0L)));
    for (Row r : out.subList(1, 9)) {
      assertThat(r.get(0)).isIn(image(1), dev.fabrica.data.image.ImageOps.flipH(image(1)));
    }
  }

  @Test
  void rejects_an_unknown_op_naming_the_key() {
    assertThatThrownBy(() -> step("augment_image", Map.of("column", "image", "ops", List.of("crop"))))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("augment_image.ops")
        .hasMessageContaining("'crop'");
  }
}
