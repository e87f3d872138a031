package dev.fabrica.tabular.constraint;

import dev.fabrica.core.BadInputException;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Datetimes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A rule on the rows of a table. Missing cells satisfy every rule (a rule speaks about values that
 * are there). In JSON: {@code {"type": "inequality", "low": "a", "high": "b", "strict": true}},
 * {@code {"type": "range", "column": "x", "min": 0, "max": 10}}, {@code {"type":
 * "fixed_combinations", "columns": ["city", "country"]}}.
 */
public sealed interface Constraint permits Constraint.FixedCombinations, Constraint.Inequality, Constraint.ValueRange {
  /** The columns the rule reads. */
  List<String> columns();

  /** The JSON form. */
  Map<String, Object> toJson();

  /** A short text for messages: {@code low < high}. */
  String describe();

  /**
   * A test of rows of a table with these columns. Fixed combinations are kept by construction (a
   * synthesizer models the combination as one column), so their test accepts every row.
   */
  Predicate<Object[]> bind(List<ColumnMeta> columns);

  /** Only the combinations of these columns' values that occur in the data. */
  record FixedCombinations(List<String> columns) implements Constraint {
    public FixedCombinations {
      if (columns.size() < 2) {
        throw new IllegalArgumentException("fixed_combinations needs at least two columns, got " + columns);
      }
      columns = List.copyOf(columns);
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "fixed_combinations");
      m.put("columns", columns);
      return m;
    }

    @Override
    public String describe() {
      return "fixed combinations of " + String.join(", ", columns);
    }

    @Override
    public Predicate<Object[]> bind(List<ColumnMeta> meta) {
      for (String c : columns) {
        int i = index(meta, c, describe());
        ColumnKind k = meta.get(i).kind();
        if (k == ColumnKind.ID || k == ColumnKind.TEXT) {
          throw new BadInputException(describe() + ": column '" + c + "' is " + k.id()
              + "; fixed combinations take categorical, boolean, numerical or datetime columns");
        }
      }
      return row -> true;
    }
  }

  /** {@code low < high} (strict) or {@code low <= high}, numerically (datetimes by time). */
  record Inequality(String low, String high, boolean strict) implements Constraint {
    @Override
    public List<String> columns() {
      return List.of(low, high);
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "inequality");
      m.put("low", low);
      m.put("high", high);
      m.put("strict", strict);
      return m;
    }

    @Override
    public String describe() {
      return low + (strict ? " < " : " <= ") + high;
    }

    @Override
    public Predicate<Object[]> bind(List<ColumnMeta> meta) {
      int a = numericIndex(meta, low, describe());
      int b = numericIndex(meta, high, describe());
      ColumnMeta ma = meta.get(a);
      ColumnMeta mb = meta.get(b);
      return row -> {
        Double x = value(row[a], ma);
        Double y = value(row[b], mb);
        return x == null || y == null || (strict ? x < y : x <= y);
      };
    }
  }

  /** {@code min <= column <= max}; either bound may be null (open). */
  record ValueRange(String column, Double min, Double max) implements Constraint {
    public ValueRange {
      if (min == null && max == null) {
        throw new IllegalArgumentException("range on '" + column + "' needs min, max or both");
      }
      if (min != null && max != null && min > max) {
        throw new IllegalArgumentException("range on '" + column + "': min " + min + " is above max " + max);
      }
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "range");
      m.put("column", column);
      m.put("min", min);
      m.put("max", max);
      return m;
    }

    @Override
    public String describe() {
      return (min == null ? "" : min + " <= ") + column + (max == null ? "" : " <= " + max);
    }

    @Override
    public Predicate<Object[]> bind(List<ColumnMeta> meta) {
      int i = numericIndex(meta, column, describe());
      ColumnMeta m = meta.get(i);
      return row -> {
        Double x = value(row[i], m);
        return x == null || ((min == null || x >= min) && (max == null || x <= max));
      };
    }
  }

  /** Parses the {@code constraints} array of a metadata file; {@code where} names the file. */
  public static List<Constraint> parseAll(Object json, String where) {
    List<Constraint> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    if (!(json instanceof List<?> list)) {
      throw new BadInputException(where + ": 'constraints' must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      out.add(parse(list.get(i), where + ": constraints[" + i + "]"));
    }
    return out;
  }

  /** One constraint from its JSON form. */
  public static Constraint parse(Object json, String where) {
    if (!(json instanceof Map<?, ?> m)) {
      throw new BadInputException(where + ": must be an object with a 'type'");
    }
    Object type = m.get("type");
    try {
      return switch (String.valueOf(type)) {
        case "inequality" -> new Inequality(string(m, "low", where), string(m, "high", where),
            Boolean.TRUE.equals(m.get("strict")));
        case "range" -> new ValueRange(string(m, "column", where), number(m, "min", where), number(m, "max", where));
        case "fixed_combinations" -> {
          Object cols = m.get("columns");
          if (!(cols instanceof List<?> l) || !l.stream().allMatch(c -> c instanceof String)) {
            throw new BadInputException(where + ".columns: must be an array of column names");
          }
          yield new FixedCombinations(l.stream().map(String.class::cast).toList());
        }
        default -> throw new BadInputException(where + ".type: unknown constraint '" + type
            + "' (inequality, range, fixed_combinations)");
      };
    } catch (IllegalArgumentException e) {
      throw new BadInputException(where + ": " + e.getMessage());
    }
  }

  /** The JSON array of {@code constraints}. */
  public static List<Map<String, Object>> toJsonAll(List<Constraint> constraints) {
    return constraints.stream().map(Constraint::toJson).toList();
  }

  private static String string(Map<?, ?> m, String key, String where) {
    if (!(m.get(key) instanceof String s)) {
      throw new BadInputException(where + "." + key + ": a column name is required");
    }
    return s;
  }

  private static Double number(Map<?, ?> m, String key, String where) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)) {
      throw new BadInputException(where + "." + key + ": must be a number, got '" + v + "'");
    }
    return n.doubleValue();
  }

  private static int index(List<ColumnMeta> meta, String name, String rule) {
    for (int i = 0; i < meta.size(); i++) {
      if (meta.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new BadInputException("constraint " + rule + ": unknown column '" + name + "' (columns: "
        + String.join(", ", meta.stream().map(ColumnMeta::name).toList()) + ")");
  }

  private static int numericIndex(List<ColumnMeta> meta, String name, String rule) {
    int i = index(meta, name, rule);
    ColumnKind k = meta.get(i).kind();
    if (k != ColumnKind.NUMERICAL && k != ColumnKind.DATETIME) {
      throw new BadInputException("constraint " + rule + ": column '" + name + "' is " + k.id()
          + ", not numerical or datetime");
    }
    return i;
  }

  /** A cell's number: the value of a numerical cell, the seconds of a datetime text; null if missing. */
  public static Double value(Object cell, ColumnMeta m) {
    if (cell == null) {
      return null;
    }
    if (cell instanceof Number n) {
      return n.doubleValue();
    }
    String s = cell.toString();
    if (m.kind() == ColumnKind.DATETIME) {
      return Datetimes.seconds(s, m.format());
    }
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
