package dev.fabrica.data.engine;

import dev.fabrica.data.table.Row;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One step of a recipe as the embedded engine runs it. The engine calls {@link #bind} once before
 * reading any data, then, for a step that {@link #needsFit()}, {@link #fit} with every input row
 * and {@link #endFit()}, then {@link #apply} with every input row in order.
 */
public interface Step {
  /** The recipe name, e.g. {@code clean_text}. */
  String name();

  /**
   * Checks the step against the columns it will receive (unknown columns are a {@link
   * dev.fabrica.core.BadInputException} naming the recipe key) and returns the columns it emits.
   */
  List<String> bind(Binding in);

  /** True when the step must see all its input (statistics, counts) before transforming. */
  default boolean needsFit() {
    return false;
  }

  /** Sees one input row during the fitting pass. */
  default void fit(Row row) {}

  /** Ends the fitting pass. */
  default void endFit() {}

  /**
   * True when {@link #apply} may run on several threads at once, on any subset of rows: it keeps
   * no order-dependent state, and its counters are thread-safe. The engine then runs it on batches
   * in parallel (keeping the output order).
   */
  default boolean parallelSafe() {
    return false;
  }

  /** Transforms one row, handing zero or more rows to {@code out}; it may change {@code row}. */
  void apply(Row row, Consumer<Row> out);

  /** Step-specific figures for report.json (counts, fitted values), after the run. */
  default Map<String, Object> report() {
    return Map.of();
  }

  /**
   * Fitted parameters later stages need, merged into stats.json at the top level (e.g. {@code
   * {"scalers": {"feature1": {...}}}}); nested maps from several steps are merged.
   */
  default Map<String, Object> stats() {
    return Map.of();
  }

  /**
   * What a step is bound to.
   *
   * @param columns column names of its input, in order
   * @param splitBefore whether an earlier step assigned train/val/test (statistics then use train)
   */
  record Binding(List<String> columns, boolean splitBefore) {}
}
