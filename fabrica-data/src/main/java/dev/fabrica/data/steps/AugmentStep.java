package dev.fabrica.data.steps;

import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import dev.fabrica.data.engine.Counter;
import java.util.function.Consumer;

/**
 * What the augmentation steps share: options {@code column}, {@code copies}, {@code seed}, {@code
 * splits}; each chosen row is emitted, then {@code copies} edited copies; a boolean column {@code
 * augmented} (appended unless present) marks the copies. A copy's random generator depends only on
 * the seed, the row's line and the copy index, so results do not depend on order or threads.
 * Each emitted row is numbered within its record ({@link Row#derive}: the row itself first, then
 * its copies), so an engine that shuffles rows can put them back in this order. Serializable, so
 * that Spark's executors receive the bound step with its options.
 */
abstract class AugmentStep implements Step, java.io.Serializable {
  protected final Params params;
  private final String column;
  private final int copies;
  private final long seed;
  private final boolean[] splits;
  private final Counter rows = new Counter();
  private final Counter made = new Counter();
  private int index;
  private int flag;
  private boolean appendFlag;
  private boolean splitBefore;

  AugmentStep(Params params, StepContext context) {
    this.params = params;
    this.column = params.requireString("column");
    this.copies = (int) params.integer("copies", 1);
    if (copies < 0 || copies > 1000) {
      throw params.error("copies", "expected 0 to 1000, got " + copies);
    }
    this.seed = params.integer("seed", context.seed());
    this.splits = StepSupport.splits(params);
  }

  /** Whether this step edits a cell like {@code cell}; other rows pass through without copies. */
  abstract boolean accepts(Object cell);

  /** One edited copy of {@code cell}, drawing all randomness from {@code rnd}. */
  abstract Object augment(Object cell, SplittableRandom rnd);

  /** Step-specific counts added to the report. */
  abstract void reportOps(Map<String, Object> report);

  /** Step-specific counts made while applying, by name, for {@link #counts()}. */
  abstract void countOps(Map<String, Long> counts);

  /** Adds the step-specific counts of another copy ({@link #countOps}) into this one. */
  abstract void addOpCounts(Map<String, Long> counts);

  @Override
  public List<String> bind(Binding in) {
    index = StepSupport.indexOf(params, "column", column, in);
    List<String> out = StepSupport.withAugmented(in.columns());
    appendFlag = out.size() > in.columns().size();
    flag = out.indexOf(StepSupport.AUGMENTED);
    splitBefore = in.splitBefore();
    return out;
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    if (appendFlag) {
      row.append(Boolean.FALSE);
    }
    Object cell = row.get(index);
    if (copies == 0 || !StepSupport.inSplits(row, splits, splitBefore) || !accepts(cell)) {
      row.derive(0, copies + 1); // the same radix as rows that get copies, or orders would interleave
      out.accept(row);
      return;
    }
    List<Row> edited = new ArrayList<>(copies);
    for (int c = 0; c < copies; c++) {
      Row copy = row.copy();
      copy.set(index, augment(cell, new SplittableRandom(StepSupport.rowSeed(seed, row.line(), c))));
      copy.set(flag, Boolean.TRUE);
      copy.derive(c + 1, copies + 1);
      edited.add(copy);
    }
    row.derive(0, copies + 1);
    rows.increment();
    made.add(copies);
    out.accept(row);
    edited.forEach(out);
  }

  @Override
  public Map<String, Long> counts() {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("rows_augmented", rows.sum());
    c.put("copies", made.sum());
    countOps(c);
    return c;
  }

  @Override
  public void addCounts(Map<String, Long> counts) {
    rows.add(counts.getOrDefault("rows_augmented", 0L));
    made.add(counts.getOrDefault("copies", 0L));
    addOpCounts(counts);
  }

  @Override
  public Map<String, Object> report() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rows_augmented", rows.sum());
    r.put("copies", made.sum());
    reportOps(r);
    return r;
  }
}
