package dev.fabrica.data.engine;

import dev.fabrica.data.table.Row;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
   * True when the fit can be computed in parts and merged ({@link #mergeFit}), which is how an
   * engine that splits its data (Spark) fits a step: each part is fitted by a copy of the bound
   * step, and the copies are merged in input order before {@link #endFit}.
   */
  default boolean mergesFits() {
    return false;
  }

  /**
   * Adds to this step's fit the statistics {@code later} gathered: a copy of this bound step (same
   * class, same recipe block, same binding) fitted on rows that come after those this one saw. Sums
   * are then added in another order than one pass would, so fitted means and variances may differ
   * from a one-pass fit by rounding; counts, medians and modes do not.
   */
  default void mergeFit(Step later) {
    throw new UnsupportedOperationException(name() + " cannot be fitted in parts");
  }

  /**
   * True when {@link #apply} may run on several threads at once, on any subset of rows: it keeps
   * no order-dependent state, and its counters are thread-safe. The engine then runs it on batches
   * in parallel (keeping the output order).
   */
  default boolean parallelSafe() {
    return false;
  }

  /**
   * The columns {@link #fit} reads, when it reads nothing else of a row (a split counts rows per
   * value of its stratify column); null when it may read anything, the train/val/test assignment
   * included. The engine may then fit the step one pass early, on the rows as they were before
   * steps that {@link #keepsRows keep every row} and {@link #writes write} none of these columns.
   */
  default Set<String> fitReads() {
    return null;
  }

  /** True when {@link #apply} hands on exactly the row it was given, once: no row dropped or added. */
  default boolean keepsRows() {
    return false;
  }

  /**
   * The columns {@link #apply} may change ({@link #SPLIT} for the train/val/test assignment); null
   * when it may change any.
   */
  default Set<String> writes() {
    return null;
  }

  /** Stands for a row's train/val/test assignment in {@link #writes}. */
  String SPLIT = "\u0000split";

  /**
   * The types of the columns {@link #apply} emits, given the types of those it receives ({@link
   * dev.fabrica.data.table.ColumnType#EMPTY} for a column with no value yet), when they can be told
   * before any row is seen; null when they cannot. When every step of a recipe's
   * last pass can tell, the engine streams that pass straight into the output files.
   */
  default dev.fabrica.data.table.ColumnType[] outputTypes(dev.fabrica.data.table.ColumnType[] in) {
    return null;
  }

  /** Transforms one row, handing zero or more rows to {@code out}; it may change {@code row}. */
  void apply(Row row, Consumer<Row> out);

  /** Step-specific figures for report.json (counts, fitted values), after the run. */
  default Map<String, Object> report() {
    return Map.of();
  }

  /**
   * What this copy of the step has counted while applying rows (rows dropped, cells changed, ...),
   * the figures {@link #report()} adds up, by name. An engine that applies copies of the step
   * elsewhere (Spark's executors) sends each copy's counts back and adds them into the step it
   * reports from with {@link #addCounts}. Empty for a step that counts nothing while applying.
   */
  default Map<String, Long> counts() {
    return Map.of();
  }

  /** Adds the {@link #counts()} of other copies of this step into this one. */
  default void addCounts(Map<String, Long> counts) {
    if (!counts.isEmpty()) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " counts nothing, got " + counts);
    }
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
