package dev.fabrica.tabular.meta;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One column's metadata.
 *
 * @param kind how it is modelled
 * @param integer numerical: every value is a whole number (written back as integers)
 * @param decimals numerical: digits after the point that the values carry (rounding of samples)
 * @param format datetime: the {@link java.time.format.DateTimeFormatter} pattern of its texts
 */
public record ColumnMeta(String name, ColumnKind kind, boolean integer, int decimals, String format) {
  public ColumnMeta {
    if (name == null || kind == null) {
      throw new IllegalArgumentException("a column needs a name and a kind");
    }
    if (decimals < 0 || decimals > 15) {
      throw new IllegalArgumentException("column '" + name + "': decimals must be 0..15, got " + decimals);
    }
  }

  public static ColumnMeta of(String name, ColumnKind kind) {
    return new ColumnMeta(name, kind, false, 0, null);
  }

  public ColumnMeta withKind(ColumnKind k) {
    return new ColumnMeta(name, k, integer, decimals, format);
  }

  /** The JSON form: {@code {"type": "numerical", "integer": true, ...}} (only what applies). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", kind.id());
    if (kind == ColumnKind.NUMERICAL) {
      m.put("integer", integer);
      m.put("decimals", decimals);
    }
    if (kind == ColumnKind.ID) {
      m.put("integer", integer);
    }
    if (kind == ColumnKind.DATETIME) {
      m.put("format", format);
    }
    return m;
  }
}
