package dev.fabrica.data.steps;

import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.util.List;
import java.util.function.Consumer;

/** {@code select: {columns: [text, label]}}: keeps the listed columns, in that order. */
public final class SelectStep implements Step, java.io.Serializable {
  private final Params params;
  private final List<String> names;
  private int[] cols;

  private SelectStep(Params params) {
    this.params = params.allowOnly("columns");
    this.names = params.strings("columns", List.of());
    if (names.isEmpty()) {
      throw params.error("columns", "list the columns to keep");
    }
  }

  public static SelectStep create(Params params, StepContext context) {
    return new SelectStep(params);
  }

  @Override
  public String name() {
    return "select";
  }

  @Override
  public List<String> bind(Binding in) {
    cols = Columns.indexes(names, in.columns(), params.at("columns"));
    return names;
  }

  @Override
  public boolean parallelSafe() {
    return true;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    Object[] v = new Object[cols.length];
    for (int i = 0; i < cols.length; i++) {
      v[i] = row.get(cols[i]);
    }
    out.accept(new Row(v, row.line(), row.split()));
  }
}
