package dev.fabrica.tabular.meta;

import dev.fabrica.core.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/** The statistical type of a column, which decides how a synthesizer models it. */
public enum ColumnKind {
  /** Real or integer measurements: a continuous marginal, min/max and rounding kept. */
  NUMERICAL,
  /** A small set of labels (texts or integer codes): frequencies. */
  CATEGORICAL,
  /** true/false, yes/no: a two-category column that writes back as it was read. */
  BOOLEAN,
  /** Dates or timestamps in one textual pattern: modelled as seconds, written back in the pattern. */
  DATETIME,
  /** A unique key per row: never modelled; synthetic rows get fresh keys. */
  ID,
  /** Free text: not modelled jointly; synthetic cells are drawn from the column's own words. */
  TEXT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code s} ({@code numerical}, ...), or an error naming {@code where}. */
  public static ColumnKind of(String s, String where) {
    for (ColumnKind k : values()) {
      if (k.id().equals(s.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new BadInputException(where + ": unknown column type '" + s + "' (one of "
        + String.join(", ", Arrays.stream(values()).map(ColumnKind::id).toList()) + ")");
  }
}
