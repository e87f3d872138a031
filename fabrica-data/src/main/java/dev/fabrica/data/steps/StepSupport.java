package dev.fabrica.data.steps;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.engine.Step;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Row;
import java.util.ArrayList;
import java.util.List;

/** Helpers the steps share: column lookup, split selection, per-row seeds. */
final class StepSupport {
  /** The column augmentation steps add to mark copies. */
  static final String AUGMENTED = "augmented";

  private StepSupport() {}

  /** The names under {@code column} (one) or {@code columns} (a list); exactly one must be given. */
  static List<String> columnNames(Params params) {
    if (params.has("column") == params.has("columns")) {
      throw new BadInputException(params.where() + ": give either 'column' or 'columns'");
    }
    return params.has("column")
        ? List.of(params.requireString("column"))
        : params.strings("columns", List.of());
  }

  /** The index of {@code name} in the bound columns, or an error naming the recipe key. */
  static int indexOf(Params params, String key, String name, Step.Binding in) {
    return Columns.index(name, in.columns(), params.at(key));
  }

  static int[] indexesOf(Params params, List<String> names, Step.Binding in) {
    String key = params.has("column") ? "column" : "columns";
    int[] idx = new int[names.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = indexOf(params, key, names.get(i), in);
    }
    return idx;
  }

  /** The split codes under {@code splits}, by default train only. */
  static boolean[] splits(Params params) {
    boolean[] chosen = new boolean[3];
    for (String s : params.strings("splits", List.of("train"))) {
      try {
        chosen[Row.splitCode(s)] = true;
      } catch (IllegalArgumentException e) {
        throw params.error("splits", "unknown split '" + s + "' (known: train, val, test)");
      }
    }
    return chosen;
  }

  /** Whether a row's split is chosen; rows without a split count as train when no split step ran. */
  static boolean inSplits(Row row, boolean[] chosen, boolean splitBefore) {
    byte s = row.split();
    if (s == Row.NO_SPLIT) {
      return !splitBefore && chosen[Row.TRAIN];
    }
    return chosen[s];
  }

  /** The output columns: the input plus {@code augmented} unless present. */
  static List<String> withAugmented(List<String> columns) {
    List<String> out = new ArrayList<>(columns);
    if (!out.contains(AUGMENTED)) {
      out.add(AUGMENTED);
    }
    return out;
  }

  /** A seed for one copy of one row, from the step seed, the row's line and the copy index. */
  static long rowSeed(long seed, long line, int copy) {
    return mix(mix(seed ^ 0x9E3779B97F4A7C15L) + mix(line) * 31 + copy);
  }

  /** The SplitMix64 finalizer: a bijection that spreads nearby inputs far apart. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
