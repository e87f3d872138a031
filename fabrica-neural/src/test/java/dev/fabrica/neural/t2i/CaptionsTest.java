package dev.fabrica.neural.t2i;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabrica.core.BadInputException;
import dev.fabrica.neural.image.ImageSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionsTest {
  static final List<String> CLASSES = ImageSet.FASHION_CLASSES;

  @Test
  void the_bundled_captions_cover_every_class_in_english_and_chinese_with_held_out_phrasings() {
    Captions c = Captions.fashion(CLASSES);
    String[][] by = c.trainingByConcept();
    assertThat(by.length).isEqualTo(10);
    for (int k = 0; k < 10; k++) {
      assertThat(by[k]).anyMatch(t -> t.chars().allMatch(ch -> ch < 128));
      assertThat(by[k]).anyMatch(t -> t.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN));
    }
    assertThat(c.split(true)).hasSize(30);
    // no held-out phrasing is also a training one
    assertThat(c.split(true)).noneMatch(h -> c.split(false).stream().anyMatch(t -> t.text().equals(h.text())));
  }

  @Test
  void format_reads_back_to_the_same_captions() {
    Captions c = Captions.fashion(CLASSES);
    assertThat(Captions.parse("x", c.format(), CLASSES)).isEqualTo(c);
  }

  @Test
  void bad_lines_name_the_file_line_and_column() {
    String ok = String.join("\n", CLASSES.stream().map(k -> k + "\ttrain\ta " + k).toList()) + "\n";
    assertThatThrownBy(() -> Captions.parse("caps.tsv", ok + "Hat\ttrain\ta hat\n", CLASSES))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("caps.tsv:11: unknown concept 'Hat'");
    assertThatThrownBy(() -> Captions.parse("caps.tsv", ok + "Bag\ttest\ta bag\n", CLASSES))
        .hasMessageStartingWith("caps.tsv:11, column 2: the split must be 'train' or 'heldout'");
    assertThatThrownBy(() -> Captions.parse("caps.tsv", "# c\nBag a bag\n" + ok, CLASSES))
        .hasMessageStartingWith("caps.tsv:2: expected CONCEPT<tab>SPLIT<tab>CAPTION");
    assertThatThrownBy(() -> Captions.parse("caps.tsv", ok + "Bag\ttrain\t!!!\n", CLASSES))
        .hasMessageContaining("caps.tsv:11, column 3").hasMessageContaining("no letters");
    assertThatThrownBy(() -> Captions.parse("caps.tsv", ok.replace("Bag\ttrain", "Bag\theldout"), CLASSES))
        .hasMessage("caps.tsv: no training caption for Bag (every concept needs at least one 'train' line)");
    assertThat(Captions.parse("caps.tsv", "\uFEFF" + ok.replace("Bag\t", "bag\t"), CLASSES).all()).hasSize(10);
  }
}
