package dev.fabrica.neural.gpt;

import java.util.Arrays;

/**
 * The keys and values of the positions a row has already been through, per layer, so that each new
 * token costs one position's work: its query attends to the cached keys. Plain Java arrays, one
 * window of at most {@code block_size} positions per row, filled in order by {@link JavaDecoder}.
 */
final class KvCache {
  private final int c;
  private final int block;
  final float[][][] keys; // [layer][row] → (block, C): heads side by side, as c_attn writes them
  final float[][][] values;
  private final int[] length;

  KvCache(int layers, int rows, int block, int c) {
    this.c = c;
    this.block = block;
    this.keys = new float[layers][rows][block * c];
    this.values = new float[layers][rows][block * c];
    this.length = new int[rows];
  }

  /** Positions held for {@code row}. */
  int length(int row) {
    return length[row];
  }

  /**
   * Stores the key and value of position {@code slot} of {@code row} (C each, from {@code kv} at
   * {@code from} and {@code from + C}) in one layer; {@link #extend} counts it once every layer has.
   */
  void put(int layer, int row, int slot, float[] kv, int from) {
    if (slot >= block) {
      throw new IllegalStateException("the cache of row " + row + " is full (" + block + " positions)");
    }
    System.arraycopy(kv, from, keys[layer][row], slot * c, c);
    System.arraycopy(kv, from + c, values[layer][row], slot * c, c);
  }

  /** Counts positions up to {@code slot} of {@code row} as held. */
  void extend(int row, int slot) {
    length[row] = Math.max(length[row], slot + 1);
  }

  /** Keeps the first {@code n} positions of {@code row} (causal: they do not depend on the ones dropped). */
  void truncate(int row, int n) {
    if (n < 0 || n > length[row]) {
      throw new IllegalArgumentException("cannot keep " + n + " of the " + length[row] + " positions of row " + row);
    }
    length[row] = n;
  }

  /** Forgets every position of every row (the window slid: positions must be recomputed). */
  void clear() {
    Arrays.fill(length, 0);
  }
}
