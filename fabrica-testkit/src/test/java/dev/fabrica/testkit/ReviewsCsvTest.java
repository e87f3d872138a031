package dev.fabrica.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewsCsvTest {
  private static final int ROWS = 20_000;

  @TempDir Path dir;

  @Test
  void duplicate_and_missing_rates_are_close_to_the_stated_ones() throws IOException {
    Path file = dir.resolve("reviews.csv");
    ReviewsCsv.Counts counts = ReviewsCsv.write(file, ROWS, 7);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

    assertThat(lines.get(0)).isEqualTo(ReviewsCsv.HEADER);
    assertThat(lines).hasSize(ROWS + 1);
    Set<String> distinct = new HashSet<>();
    long dups = 0;
    long[] missing = new long[5];
    for (String line : lines.subList(1, lines.size())) {
      if (!distinct.add(line)) {
        dups++;
      }
      List<String> f = fields(line);
      assertThat(f).hasSize(5);
      for (int i = 0; i < 5; i++) {
        if (f.get(i).isEmpty()) {
          missing[i]++;
        }
      }
    }
    assertThat(dups).isEqualTo(counts.duplicates());
    assertThat(dups / (double) ROWS).isCloseTo(ReviewsCsv.DUPLICATE_RATE, within(0.01));
    assertThat(missing[0]).isZero();
    assertThat(missing[1] / (double) ROWS).isCloseTo(ReviewsCsv.MISSING_TEXT_RATE, within(0.008));
    assertThat(missing[3] / (double) ROWS).isCloseTo(ReviewsCsv.MISSING_NUMBER_RATE, within(0.006));
    assertThat(missing[4] / (double) ROWS).isCloseTo(ReviewsCsv.MISSING_NUMBER_RATE, within(0.006));
    assertThat(missing[2] / (double) ROWS).isCloseTo(ReviewsCsv.MISSING_LABEL_RATE, within(0.005));
    assertThat(new long[] {missing[1], missing[3], missing[4], missing[2]}).containsExactly(
        counts.missingText(), counts.missingFeature1(), counts.missingFeature2(), counts.missingLabel());
  }

  @Test
  void text_mixes_chinese_english_emoji_and_needs_quoting_sometimes() throws IOException {
    Path file = dir.resolve("reviews.csv");
    ReviewsCsv.write(file, 2_000, 3);
    String all = Files.readString(file);

    assertThat(all).contains("质量", "great", "❤️", "👍🏽", "https://", "<b>", "\"\"", "，");
  }

  @Test
  void the_same_seed_gives_the_same_bytes_and_another_seed_does_not() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    Path c = dir.resolve("c.csv");
    ReviewsCsv.write(a, 5_000, 11);
    ReviewsCsv.write(b, 5_000, 11);
    ReviewsCsv.write(c, 5_000, 12);

    assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
    assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
  }

  /** Splits one CSV line (no embedded newlines) into unquoted fields. */
  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean inQuotes = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inQuotes) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          inQuotes = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        inQuotes = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }
}
