package dev.fabrica.data.steps;

import dev.fabrica.data.engine.Counter;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code drop_missing: {columns: [text, label], how: any}}: drops rows missing a value in any (or,
 * with {@code how: all}, every) listed column; all columns when none are listed. An empty or
 * whitespace-only text counts as present: use {@code clean_text} first to turn noise into nothing.
 */
public final class DropMissingStep implements Step, java.io.Serializable {
  private final Params params;
  private final List<String> names;
  private final boolean all;
  private int[] cols;
  private final Counter dropped = new Counter();

  private DropMissingStep(Params params) {
    this.params = params.allowOnly("columns", "how");
    this.names = params.strings("columns", List.of());
    this.all = params.choice("how", "any", "any", "all").equals("all");
  }

  public static DropMissingStep create(Params params, StepContext context) {
    return new DropMissingStep(params);
  }

  @Override
  public String name() {
    return "drop_missing";
  }

  @Override
  public List<String> bind(Binding in) {
    cols = names.isEmpty() ? Columns.all(in.columns().size()) : Columns.indexes(names, in.columns(), params.at("columns"));
    return in.columns();
  }

  @Override
  public boolean parallelSafe() {
    return true;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    int missing = 0;
    for (int c : cols) {
      if (row.get(c) == null) {
        missing++;
      }
    }
    boolean drop = all ? missing == cols.length : missing > 0;
    if (drop) {
      dropped.increment();
    } else {
      out.accept(row);
    }
  }

  @Override
  public Map<String, Object> report() {
    return Map.of("rows_dropped", dropped.sum(), "how", all ? "all" : "any");
  }

  @Override
  public Map<String, Long> counts() {
    return Map.of("dropped", dropped.sum());
  }

  @Override
  public void addCounts(Map<String, Long> counts) {
    dropped.add(counts.getOrDefault("dropped", 0L));
  }
}
