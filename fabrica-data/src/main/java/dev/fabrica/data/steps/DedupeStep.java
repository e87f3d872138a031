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
 * listed ones), keeping the first. Rows are compared on their cells' values (missing equals
 * missing; a number read from text compares as that text), through a 128-bit hash kept per distinct row: memory grows with distinct rows (about 21 bytes
 * each), and two different rows collide with probability about n²/2¹²⁹, nil in practice.
 */
public final class DedupeStep implements Step, java.io.Serializable {
  private final Params params;
  private final List<String> names;
  private int[] cols;
  /** Not sent along: a copy on another machine is used only for {@link #key}. */
  private final transient LongPairSet seen = new LongPairSet();
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

  private final transient long[] scratch = new long[2];

  @Override
  public void apply(Row row, Consumer<Row> out) {
    key(row, scratch);
    if (seen.add(scratch[0], scratch[1])) {
      out.accept(row);
    } else {
      dropped++;
    }
  }

  /**
   * The 128-bit key of a row's compared cells, into {@code out[0]} and {@code out[1]}: two rows are
   * duplicates when their keys are equal. Engines that group rows by key (Spark) use it to keep
   * the same rows as {@link #apply}: the first of each key in input order.
   */
  public void key(Row row, long[] out) {
    // two independent 64-bit hashes of the key cells: FNV-1a over the characters, and a mix of
    // String.hashCode (computed by the JDK's optimized loop) with lengths and types
    long h1 = 0xCBF29CE484222325L;
    long h2 = 0x9E3779B97F4A7C15L;
    for (int c : cols) {
      Object v = row.get(c);
      long tag;
      if (v == null) {
        tag = 1;
        h1 = (h1 ^ 0xFFFF1) * FNV;
      } else if (v instanceof String s) {
        tag = 2 + ((long) s.length() << 8);
        for (int i = 0, n = s.length(); i < n; i++) {
          h1 = (h1 ^ s.charAt(i)) * FNV;
        }
        h1 = (h1 ^ 0xFFFF2) * FNV; // ends the cell, so ("ab", "c") differs from ("a", "bc")
        h2 = mix(h2, s.hashCode());
      } else if (v instanceof Double d) {
        tag = 3;
        h1 = (h1 ^ Double.doubleToLongBits(d)) * FNV;
      } else if (v instanceof Image img) {
        tag = 4;
        h1 = (h1 ^ java.util.Arrays.hashCode(img.pixels())) * FNV;
        h2 = mix(h2, ((long) img.height() << 32) | img.width());
      } else {
        String s = Cells.asText(v); // Long, Boolean: short texts
        tag = 5;
        for (int i = 0, n = s.length(); i < n; i++) {
          h1 = (h1 ^ s.charAt(i)) * FNV;
        }
        h2 = mix(h2, s.hashCode());
      }
      h2 = mix(h2, tag);
    }
    out[0] = fmix(h1);
    out[1] = fmix(h2);
  }

  private static final long FNV = 0x100000001B3L;

  private static long mix(long h, long v) {
    return Long.rotateLeft(h ^ (v * 0xC6A4A7935BD1E995L), 29) * 0x9FB21C651E98DF25L;
  }

  /** MurmurHash3's finalizer: spreads every input bit over the output. */
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

  @Override
  public Map<String, Long> counts() {
    return Map.of("dropped", dropped);
  }

  /** Adds duplicates dropped elsewhere; an engine that groups rows by {@link #key} adds rows in minus rows out. */
  @Override
  public void addCounts(Map<String, Long> counts) {
    dropped += counts.getOrDefault("dropped", 0L);
  }

  /**
   * A set of 128-bit keys: 256 open-addressing tables (linear probing, load at most 0.75), each a
   * {@code long[]} of key pairs, chosen by the key's top bits. About 21 bytes per key; a table
   * doubles on its own, so a resize needs only 1/256 of the set's memory again, never a second
   * copy of the whole set (which, with millions of rows in a small heap, was the peak that ran
   * out of memory). The all-zero key marks an empty slot, so a real zero key is stored as (0, 1):
   * a 2^-128 chance of merging two rows.
   */
  static final class LongPairSet {
    private static final int SEGMENT_BITS = 8;
    private final long[][] tables = new long[1 << SEGMENT_BITS][];
    private final int[] sizes = new int[1 << SEGMENT_BITS];
    private long size;

    LongPairSet() {
      for (int t = 0; t < tables.length; t++) {
        tables[t] = new long[2 * 16];
      }
    }

    /** Adds the key; false when it was there already. */
    boolean add(long a, long b) {
      if (a == 0 && b == 0) {
        b = 1;
      }
      int t = (int) (a >>> (64 - SEGMENT_BITS));
      if ((sizes[t] + 1) * 4L > (tables[t].length / 2) * 3L) {
        tables[t] = grown(tables[t]);
      }
      if (insert(tables[t], a, b)) {
        sizes[t]++;
        size++;
        return true;
      }
      return false;
    }

    private static boolean insert(long[] keys, long a, long b) {
      int mask = keys.length / 2 - 1;
      int i = (int) (a ^ (a >>> 32)) & mask;
      while (true) {
        long ka = keys[2 * i];
        long kb = keys[2 * i + 1];
        if (ka == 0 && kb == 0) {
          keys[2 * i] = a;
          keys[2 * i + 1] = b;
          return true;
        }
        if (ka == a && kb == b) {
          return false;
        }
        i = (i + 1) & mask;
      }
    }

    private static long[] grown(long[] old) {
      long[] keys = new long[old.length * 2];
      for (int i = 0; i < old.length; i += 2) {
        if (old[i] != 0 || old[i + 1] != 0) {
          insert(keys, old[i], old[i + 1]);
        }
      }
      return keys;
    }

    long size() {
      return size;
    }
  }
}
