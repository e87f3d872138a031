package dev.fabrica.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynonymFileTest {
  @Test
  void reads_groups_separated_by_spaces_or_commas_and_ignores_comments() {
    SynonymFile f =
        SynonymFile.parse(List.of("# header", "big, large  huge # sizes", "高兴 快乐、开心", "big great", ""));
    assertThat(f.of("big")).containsExactly("large", "huge", "great");
    assertThat(f.of("Large")).containsExactly("big", "huge");
    assertThat(f.of("快乐")).containsExactly("高兴", "开心");
    assertThat(f.of("sizes")).isEmpty();
    assertThat(f.cjkWords()).containsExactlyInAnyOrder("高兴", "快乐", "开心");
    assertThat(f.maxCjkLength()).isEqualTo(2);
  }
}
