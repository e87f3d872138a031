package dev.fabrica.data.steps;

import dev.fabrica.data.engine.RowError;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code label: {column: sentiment, name: label, map: {pos: positive, neg: negative}, unmapped:
 * keep, text: review}}: makes the label column. Renames {@code column} to {@code name} (default
 * {@code label}) and maps its values; values not in {@code map} are kept, dropped with their row, or
 * rejected ({@code unmapped: keep | drop | error}). With {@code text}, that column is renamed to
 * {@code text} too, so {@code select: {columns: [text, label]}} gives the labelled {@code text,label}
 * layout.
 */
public final class LabelStep implements Step, java.io.Serializable {
  private final Params params;
  private final String column;
  private final String newName;
  private final String textColumn;
  private final Map<String, String> map;
  private final String unmapped;
  private int col;
  private final Map<String, Long> counts = new TreeMap<>();
  private long dropped;

  private LabelStep(Params params) {
    this.params = params.allowOnly("column", "name", "map", "unmapped", "text");
    this.column = params.string("column", "label");
    this.newName = params.string("name", "label");
    this.textColumn = params.string("text", null);
    this.map = params.stringMap("map");
    this.unmapped = params.choice("unmapped", "keep", "keep", "drop", "error");
  }

  public static LabelStep create(Params params, StepContext context) {
    return new LabelStep(params);
  }

  @Override
  public String name() {
    return "label";
  }

  @Override
  public List<String> bind(Binding in) {
    col = Columns.index(column, in.columns(), params.at("column"));
    List<String> out = new ArrayList<>(in.columns());
    if (!newName.equals(column) && out.contains(newName)) {
      throw params.error("name", "column '" + newName + "' exists already");
    }
    out.set(col, newName);
    if (textColumn != null) {
      int t = Columns.index(textColumn, in.columns(), params.at("text"));
      if (!textColumn.equals("text") && out.contains("text")) {
        throw params.error("text", "column 'text' exists already");
      }
      out.set(t, "text");
    }
    return out;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    Object v = row.get(col);
    if (v != null) {
      String key = Cells.asText(v);
      String mapped = map.get(key);
      if (mapped != null) {
        row.set(col, mapped);
        key = mapped;
      } else if (!map.isEmpty()) {
        if (unmapped.equals("drop")) {
          dropped++;
          return;
        }
        if (unmapped.equals("error")) {
          throw new RowError("column " + column + ": label '" + key + "' is not in " + params.at("map"));
        }
      }
      counts.merge(key, 1L, Long::sum);
    }
    out.accept(row);
  }

  @Override
  public Map<String, Object> report() {
    return Map.of("label_counts", counts, "rows_dropped", dropped);
  }

  /** {@code dropped}, and {@code label:VALUE} for each label's rows. */
  @Override
  public Map<String, Long> counts() {
    Map<String, Long> m = new TreeMap<>();
    m.put("dropped", dropped);
    counts.forEach((k, n) -> m.put("label:" + k, n));
    return m;
  }

  @Override
  public void addCounts(Map<String, Long> other) {
    other.forEach((k, n) -> {
      if (k.equals("dropped")) {
        dropped += n;
      } else if (k.startsWith("label:")) {
        counts.merge(k.substring("label:".length()), n, Long::sum);
      }
    });
  }
}
