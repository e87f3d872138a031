package dev.fabrica.data.steps;

import dev.fabrica.data.engine.Step;
import dev.fabrica.data.engine.StepContext;
import dev.fabrica.data.recipe.Params;
import dev.fabrica.data.table.Cells;
import dev.fabrica.data.table.Image;
import dev.fabrica.data.table.Row;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code dedupe: {columns: [text]}}: drops rows equal to an earlier row on all columns (or the
 * listed ones), keeping the first. Rows are compared on the text of their cells (missing equals
 * missing), through a 128-bit hash kept per distinct row: memory grows with distinct rows (16 bytes
 * each), and two different rows collide with probability about n²/2¹²⁹, nil in practice.
 */
public final class DedupeStep implements Step {
  private final Params params;
  private final List<String> names;
  private int[] cols;
  private final LongPairSet seen = new LongPairSet();
  private long dropped;

  private DedupeStep(Params params) {
    this.params = params.allowOnly("columns");
    this.names = params.strings("columns", List.of());
  }

  public static DedupeStep create(Params params, StepContext context) {
    return new DedupeStep(params);
  }

  @Override
  public String name() {
    return "dedupe";
  }

  @Override
  public List<String> bind(Binding in) {
    cols = names.isEmpty() ? Columns.all(in.columns().size()) : Columns.indexes(names, in.columns(), params.at("columns"));
    return in.columns();
  }

  @Override
  public void apply(Row row, Consumer<Row> out) {
    long h1 = 0x9E3779B97F4A7C15L;
    long h2 = 0xC2B2AE3D27D4EB4FL;
    for (int c : cols) {
      Object v = row.get(c);
      if (v == null) {
        h1 = mix(h1, 0x1F);
        h2 = mix2(h2, 0x1F);
      } else if (v instanceof Image img) {
        h1 = mix(h1, img.hashCode());
        h2 = mix2(h2, java.util.Arrays.hashCode(img.pixels()) * 31L + img.width());
      } else {
        String s = Cells.asText(v);
        for (int i = 0; i < s.length(); i++) {
          char ch = s.charAt(i);
          h1 = mix(h1, ch);
          h2 = mix2(h2, ch);
        }
        h1 = mix(h1, 0x1E + s.length());
        h2 = mix2(h2, 0x1E + s.length());
      }
    }
    if (seen.add(fmix(h1), fmix(h2))) {
      out.accept(row);
    } else {
      dropped++;
    }
  }

  private static long mix(long h, long v) {
    return (h ^ v) * 0x100000001B3L + 0x632BE59BD9B4E019L;
  }

  private static long mix2(long h, long v) {
    return Long.rotateLeft(h ^ (v * 0xC6A4A7935BD1E995L), 29) * 0x9FB21C651E98DF25L;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9FE1A85EC53L;
    k ^= k >>> 33;
    return k;
  }

  @Override
  public Map<String, Object> report() {
    return Map.of("duplicates_dropped", dropped, "columns", names.isEmpty() ? "all" : names);
  }

  /** An open-addressing set of 128-bit keys. */
  static final class LongPairSet {
    private long[] keys = new long[2 * 1024];
    private boolean[] used = new boolean[1024];
    private int size;

    /** Adds the key; false when it was there already. */
    boolean add(long a, long b) {
      if (size * 2 >= used.length) {
        grow();
      }
      int mask = used.length - 1;
      int i = (int) (a ^ (a >>> 32)) & mask;
      while (used[i]) {
        if (keys[2 * i] == a && keys[2 * i + 1] == b) {
          return false;
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      keys[2 * i] = a;
      keys[2 * i + 1] = b;
      size++;
      return true;
    }

    private void grow() {
      long[] oldKeys = keys;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      used = new boolean[oldUsed.length * 2];
      size = 0;
      for (int i = 0; i < oldUsed.length; i++) {
        if (oldUsed[i]) {
          add(oldKeys[2 * i], oldKeys[2 * i + 1]);
        }
      }
    }
  }
}
