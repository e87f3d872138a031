package dev.fabrica.tabular.meta;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.constraint.Constraint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The columns of a table, each with its {@link ColumnKind}, and the table's constraints. {@link
 * #detect} infers them from the values; a JSON file ({@code {"columns": {"class": {"type":
 * "categorical"}}, "constraints": [...]}}) overrides any of them ({@link #withOverrides}).
 *
 * <p>Detection rules, in order, over a column's present (non-missing) cells: all booleans, or
 * texts among true/false/yes/no, is boolean; texts that all parse in one datetime pattern are
 * datetime; numbers (or numeric texts) are numerical unless they are whole numbers with at most
 * {@link #MAX_CODES} distinct values and at most a fifth of the rows distinct (codes such as a class
 * label: categorical), or unique whole numbers in a column named like an id ({@code id}, {@code
 * user_id}, {@code CustomerID}); other texts are categorical when their distinct values are at most
 * half the rows, else free text when they average three or more words, else ids when all unique.
 */
public final class Metadata {
  /** Whole-number columns with at most this many distinct values are categorical codes. */
  public static final int MAX_CODES = 10;

  private static final Pattern ID_NAME = Pattern.compile("(?i)^(id|.*[_\\s-]id|.*[a-z]ID|key|uuid|guid)$");
  private static final Set<String> BOOLEAN_TEXTS = Set.of("true", "false", "yes", "no");

  private final List<ColumnMeta> columns;
  private final List<Constraint> constraints;

  public Metadata(List<ColumnMeta> columns, List<Constraint> constraints) {
    this.columns = List.copyOf(columns);
    this.constraints = List.copyOf(constraints);
    for (Constraint c : this.constraints) {
      c.bind(this.columns); // names and kinds must fit
    }
  }

  public List<ColumnMeta> columns() {
    return columns;
  }

  public List<Constraint> constraints() {
    return constraints;
  }

  public List<String> names() {
    return columns.stream().map(ColumnMeta::name).toList();
  }

  public ColumnMeta column(String name) {
    for (ColumnMeta c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new BadInputException("unknown column '" + name + "' (columns: " + String.join(", ", names()) + ")");
  }

  /** Infers every column's kind from {@code table}'s values; no constraints. */
  public static Metadata detect(Table table) {
    List<ColumnMeta> out = new ArrayList<>();
    for (int c = 0; c < table.width(); c++) {
      out.add(detectColumn(table.names().get(c), table.column(c), table.size()));
    }
    return new Metadata(out, List.of());
  }

  static ColumnMeta detectColumn(String name, List<Object> cells, int rows) {
    List<Object> present = new ArrayList<>();
    for (Object v : cells) {
      if (v != null) {
        present.add(v);
      }
    }
    if (present.isEmpty()) {
      return ColumnMeta.of(name, ColumnKind.CATEGORICAL);
    }
    if (present.stream().allMatch(v -> v instanceof Boolean
        || v instanceof String s && BOOLEAN_TEXTS.contains(s.strip().toLowerCase(Locale.ROOT)))) {
      return ColumnMeta.of(name, ColumnKind.BOOLEAN);
    }
    boolean allNumbers = present.stream().allMatch(v -> v instanceof Number || v instanceof String s && parses(s));
    if (!allNumbers && present.stream().allMatch(v -> v instanceof String)) {
      String pattern = Datetimes.detect(present.stream().map(v -> ((String) v).strip()).toList());
      if (pattern != null) {
        return new ColumnMeta(name, ColumnKind.DATETIME, false, 0, pattern);
      }
    }
    Set<String> distinct = new HashSet<>();
    for (Object v : present) {
      distinct.add(v.toString().strip());
    }
    if (allNumbers) {
      ColumnMeta numeric = numeric(name, present);
      boolean unique = distinct.size() == present.size();
      if (numeric.integer() && unique && present.size() >= 2 && ID_NAME.matcher(name.strip()).matches()) {
        return new ColumnMeta(name, ColumnKind.ID, true, 0, null);
      }
      if (numeric.integer() && distinct.size() <= MAX_CODES && distinct.size() * 5 <= rows) {
        return ColumnMeta.of(name, ColumnKind.CATEGORICAL);
      }
      return numeric;
    }
    if (distinct.size() * 2 <= present.size()) {
      return ColumnMeta.of(name, ColumnKind.CATEGORICAL);
    }
    double words = 0;
    for (Object v : present) {
      words += v.toString().strip().split("\\s+").length;
    }
    if (words / present.size() >= 3) {
      return ColumnMeta.of(name, ColumnKind.TEXT);
    }
    if (distinct.size() == present.size()) {
      return ColumnMeta.of(name, ColumnKind.ID);
    }
    return ColumnMeta.of(name, ColumnKind.CATEGORICAL);
  }

  private static boolean parses(String s) {
    try {
      Double.parseDouble(s.strip());
      return !s.isBlank();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A numerical column's integer flag and decimals (at most 10) from its present cells. */
  static ColumnMeta numeric(String name, List<Object> present) {
    boolean integer = true;
    int decimals = 0;
    for (Object v : present) {
      double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().strip());
      if (v instanceof Long || v instanceof Integer) {
        continue;
      }
      if (!Double.isFinite(d)) {
        continue;
      }
      if (d != Math.rint(d)) {
        integer = false;
      }
      int scale = BigDecimal.valueOf(d).stripTrailingZeros().scale();
      decimals = Math.max(decimals, Math.min(10, Math.max(0, scale)));
    }
    return new ColumnMeta(name, ColumnKind.NUMERICAL, integer, decimals, null);
  }

  /**
   * This metadata with the columns and constraints of a JSON file applied: a column listed there
   * takes its {@code type} (and {@code format} for datetimes, {@code decimals} for numbers); columns
   * not listed keep the detected kind. Errors name the file and the column or key.
   */
  public Metadata withOverrides(Path file, Table table) {
    Map<String, Object> json;
    try {
      json = Json.MAPPER.readValue(Files.readString(file), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable JSON"));
    }
    return withOverrides(json, file.toString(), table);
  }

  /** {@link #withOverrides(Path, Table)} on parsed JSON; {@code where} names its source. */
  public Metadata withOverrides(Map<String, Object> json, String where, Table table) {
    for (String key : json.keySet()) {
      if (!key.equals("columns") && !key.equals("constraints")) {
        throw new BadInputException(where + ": unknown key '" + key + "' (columns, constraints)");
      }
    }
    List<ColumnMeta> out = new ArrayList<>(columns);
    Object cols = columnsByName(json.get("columns"), where);
    if (cols != null) {
      if (!(cols instanceof Map<?, ?> m)) {
        throw new BadInputException(where + ": 'columns' must be an object of column name to {\"type\": ...}");
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String name = String.valueOf(e.getKey());
        String at = where + ": columns." + name;
        int i = names().indexOf(name);
        if (i < 0) {
          throw new BadInputException(at + ": no such column in the table (columns: " + String.join(", ", names()) + ")");
        }
        if (!(e.getValue() instanceof Map<?, ?> spec) || !(spec.get("type") instanceof String type)) {
          throw new BadInputException(at + ": must be an object with a 'type'");
        }
        ColumnKind kind = ColumnKind.of(type, at + ".type");
        out.set(i, override(name, kind, spec, at, table, i));
      }
    }
    List<Constraint> cons = json.containsKey("constraints")
        ? Constraint.parseAll(json.get("constraints"), where)
        : constraints;
    try {
      return new Metadata(out, cons);
    } catch (BadInputException e) {
      throw new BadInputException(where + ": " + e.getMessage());
    }
  }

  private static ColumnMeta override(String name, ColumnKind kind, Map<?, ?> spec, String at, Table table, int col) {
    List<Object> present = new ArrayList<>();
    for (Object v : table.column(col)) {
      if (v != null) {
        present.add(v);
      }
    }
    switch (kind) {
      case NUMERICAL -> {
        for (Object v : present) {
          if (!(v instanceof Number) && !parses(v.toString())) {
            throw new BadInputException(at + ": type numerical, but the value '" + v + "' is not a number");
          }
        }
        ColumnMeta m = present.isEmpty() ? new ColumnMeta(name, kind, false, 0, null) : numeric(name, present);
        if (spec.get("decimals") instanceof Number d) {
          m = new ColumnMeta(name, kind, d.intValue() == 0 && m.integer(), d.intValue(), null);
        }
        return m;
      }
      case DATETIME -> {
        String format = spec.get("format") instanceof String f ? f : Datetimes.detect(
            present.stream().map(v -> v.toString().strip()).toList());
        if (format == null) {
          throw new BadInputException(at + ": type datetime, but no known pattern fits its values; give one as \"format\" (e.g. \"uuuu-MM-dd\")");
        }
        for (Object v : present) {
          try {
            if (Datetimes.seconds(v.toString().strip(), format) == null) {
              throw new BadInputException(at + ": the value '" + v + "' does not match the format '" + format + "'");
            }
          } catch (IllegalArgumentException e) {
            throw new BadInputException(at + ".format: not a valid pattern: " + e.getMessage());
          }
        }
        return new ColumnMeta(name, kind, false, 0, format);
      }
      default -> {
        return ColumnMeta.of(name, kind);
      }
    }
  }

  /**
   * The JSON form, which {@link #withOverrides} and {@link #fromJson} read back: {@code columns} is
   * a list of {@code {"name": ..., "type": ...}} in table order (the shared JSON writer sorts map
   * keys, which would lose the order).
   */
  public Map<String, Object> toJson() {
    List<Map<String, Object>> cols = new ArrayList<>();
    for (ColumnMeta c : columns) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.putAll(c.toJson());
      cols.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("columns", cols);
    m.put("constraints", Constraint.toJsonAll(constraints));
    return m;
  }

  /** Reads metadata written by {@link #toJson} (a run's metadata.json), without a table. */
  public static Metadata fromJson(Map<String, Object> json, String where) {
    if (!(columnsByName(json.get("columns"), where) instanceof Map<?, ?> cols)) {
      throw new BadInputException(where + ": no 'columns' object");
    }
    List<ColumnMeta> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : cols.entrySet()) {
      Map<?, ?> spec = (Map<?, ?>) e.getValue();
      String name = String.valueOf(e.getKey());
      ColumnKind kind = ColumnKind.of(String.valueOf(spec.get("type")), where + ": columns." + name);
      boolean integer = Boolean.TRUE.equals(spec.get("integer"));
      int decimals = spec.get("decimals") instanceof Number d ? d.intValue() : 0;
      String format = spec.get("format") instanceof String f ? f : null;
      out.add(new ColumnMeta(name, kind, integer, decimals, format));
    }
    return new Metadata(out, Constraint.parseAll(json.get("constraints"), where));
  }

  /** {@code columns} as a map of name to spec, in order, from either JSON form (a list with names, or a map). */
  private static Object columnsByName(Object cols, String where) {
    if (!(cols instanceof List<?> list)) {
      return cols;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
        throw new BadInputException(where + ": columns[" + i + "] must be an object with a 'name' and a 'type'");
      }
      Map<String, Object> spec = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (!"name".equals(k)) {
          spec.put(String.valueOf(k), v);
        }
      });
      out.put(name, spec);
    }
    return out;
  }

  /** A text table of the columns and their kinds, for the user to check. */
  public String describe() {
    int w = 6;
    for (ColumnMeta c : columns) {
      w = Math.max(w, c.name().length());
    }
    StringBuilder b = new StringBuilder(String.format("%-" + w + "s  %s%n", "column", "type"));
    for (ColumnMeta c : columns) {
      String extra = switch (c.kind()) {
        case NUMERICAL -> c.integer() ? " (integer)" : " (" + c.decimals() + " decimals)";
        case DATETIME -> " (" + c.format() + ")";
        default -> "";
      };
      b.append(String.format("%-" + w + "s  %s%s%n", c.name(), c.kind().id(), extra));
    }
    for (Constraint c : constraints) {
      b.append("constraint: ").append(c.describe()).append('\n');
    }
    return b.toString();
  }
}
