package dev.fabrica.data.engine;

import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One step of a run with what the engine records about it: rows in and out (thread-safe, since
 * parallel-safe steps run on several threads), time spent when timing, and before/after examples.
 */
final class StepRun {
  final String name;
  final String key;
  final Step step;
  final LongAdder rowsIn = new LongAdder();
  final LongAdder rowsOut = new LongAdder();
  final LongAdder nanos = new LongAdder();
  List<String> columnsIn;
  List<String> columnsOut;
  int maxExamples;
  /**
   * Whether the step's own figures ({@link Step#report}) go into report.json: not when another
   * engine applied copies of the step, whose counts stayed where they ran.
   */
  boolean details = true;
  /** Fitted in an earlier pass, with the fitting step before it ({@link Pipeline#fitsAt}). */
  boolean fittedEarly;
  List<Row> currentOut;
  final List<Map<String, Object>> examples = new ArrayList<>();

  java.util.SplittableRandom sampler;
  long changedRows;

  boolean wantsExample() {
    return maxExamples > 0;
  }

  /** Offers a row to the reservoir when the step changed or dropped it, or emitted more than one. */
  void offerExample(Row before, List<Row> after) {
    boolean same = after.size() == 1
        && java.util.Arrays.equals(after.get(0).values(), before.values())
        && after.get(0).split() == before.split();
    if (same) {
      return;
    }
    changedRows++;
    int slot = examples.size() < maxExamples ? examples.size() : (int) Math.min(sampler.nextLong(changedRows), Integer.MAX_VALUE);
    if (slot >= maxExamples) {
      return;
    }
    Map<String, Object> ex = new LinkedHashMap<>();
    ex.put("line", before.line());
    ex.put("before", cells(columnsIn, before));
    List<Map<String, Object>> outs = new ArrayList<>();
    for (Row r : after) {
      outs.add(cells(columnsOut, r));
    }
    ex.put("after", outs);
    if (slot == examples.size()) {
      examples.add(ex);
    } else {
      examples.set(slot, ex);
    }
  }

  private static Map<String, Object> cells(List<String> names, Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size() && i < r.size(); i++) {
      Object v = r.get(i);
      m.put(names.get(i), v instanceof dev.fabrica.data.table.Image ? v.toString() : v);
    }
    if (r.split() != Row.NO_SPLIT) {
      m.put("(split)", Row.splitName(r.split()));
    }
    return m;
  }

  StepRun(String name, String key, Step step) {
    this.name = name;
    this.key = key;
    this.step = step;
  }

  Map<String, Object> toMap(boolean timing) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", name);
    m.put("key", key);
    m.put("rows_in", rowsIn.sum());
    m.put("rows_out", rowsOut.sum());
    if (timing) {
      m.put("seconds", nanos.sum() / 1e9);
    }
    if (details) {
      m.putAll(step.report());
    }
    if (maxExamples > 0) {
      List<Map<String, Object>> byLine = new ArrayList<>(examples);
      byLine.sort(java.util.Comparator.comparingLong(e -> (Long) e.get("line")));
      m.put("examples", byLine);
    }
    return m;
  }
}
