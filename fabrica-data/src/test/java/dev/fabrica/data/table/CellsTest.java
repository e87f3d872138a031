package dev.fabrica.data.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CellsTest {
  @Test
  void types_text_strictly() {
    assertThat(Cells.typeOfText("42")).isEqualTo(ColumnType.INTEGER);
    assertThat(Cells.typeOfText("-3.5e2")).isEqualTo(ColumnType.DOUBLE);
    assertThat(Cells.typeOfText("1f")).isEqualTo(ColumnType.STRING);
    assertThat(Cells.typeOfText(" 1")).isEqualTo(ColumnType.STRING);
    assertThat(Cells.typeOfText("Infinity")).isEqualTo(ColumnType.STRING);
    assertThat(Cells.typeOfText("true")).isEqualTo(ColumnType.BOOLEAN);
  }

  @Test
  void the_plain_shortest_shortcut_agrees_with_formatting_on_random_decimals() {
    Random r = new Random(3);
    int shortcut = 0;
    for (int k = 0; k < 200_000; k++) {
      String s = switch (k % 4) {
        case 0 -> Double.toString(Math.round(r.nextGaussian() * 1e6) / 1e3);
        case 1 -> String.format("%.4f", r.nextDouble() * 100);
        case 2 -> Cells.formatDouble(r.nextGaussian() * Math.pow(10, r.nextInt(12) - 5));
        default -> (r.nextBoolean() ? "-" : "") + r.nextInt(10_000_000) + "." + r.nextInt(1000);
      };
      if (Cells.typeOfText(s) != ColumnType.DOUBLE) {
        continue;
      }
      boolean exact = Cells.formatDouble(Double.parseDouble(s)).equals(s);
      if (Cells.plainShortest(s)) {
        shortcut++;
        assertThat(exact).as(s).isTrue();
      }
    }
    assertThat(shortcut).isGreaterThan(50_000);
  }

  @Test
  void canonical_numbers_round_trip_to_the_same_text() {
    for (String s : new String[] {"0", "-7", "3.5", "0.001", "0.0", "1234567.5", "100.0"}) {
      Object v = Cells.canonicalNumber(s);
      assertThat(v).as(s).isInstanceOf(Number.class);
      assertThat(Cells.asText(v)).isEqualTo(s);
    }
    for (String s : new String[] {"007", "3.50", "1e5", "0.0001", "+1", "-0", "12345678.5", "abc"}) {
      assertThat(Cells.canonicalNumber(s)).as(s).isEqualTo(s);
    }
  }
}
