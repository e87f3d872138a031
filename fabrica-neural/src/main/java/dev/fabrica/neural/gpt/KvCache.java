package dev.fabrica.neural.gpt;

import java.util.Arrays;

/**
 * The keys and values of the positions a row has already been through, per layer, so that each new
 * token costs one position's work: its query attends to the cached keys. Plain Java arrays, one
 * window of at most {@code block_size} positions per row, filled in order by {@link JavaDecoder}.
 * Keys are stored per head and dimension across positions, values per head and position, so both
 * halves of attention (q·k over positions, Σ p·v over dimensions) are loops C2 vectorises.
 */
final class KvCache {
  private final int block;
  private final int heads;
  private final int hs;
  final float[][][][][] keys; // [layer][row][head][d] → (block): k_d of every position
  final float[][][][][] values; // [layer][row][head][position] → (hs)
  private final int[] length;

  KvCache(int layers, int rows, int block, int heads, int hs) {
    this.block = block;
    this.heads = heads;
    this.hs = hs;
    this.keys = new float[layers][rows][heads][hs][block];
    this.values = new float[layers][rows][heads][block][hs];
    this.length = new int[rows];
  }

  /** Rows the cache holds. */
  int rows() {
    return length.length;
  }

  /** Positions held for {@code row}. */
  int length(int row) {
    return length[row];
  }

  /**
   * Stores the key and value of position {@code slot} of {@code row} (C each, heads side by side,
   * from {@code kv} at {@code from} and {@code from + C}) in one layer; {@link #extend} counts it
   * once every layer has.
   */
  void put(int layer, int row, int slot, float[] kv, int from) {
    if (slot >= block) {
      throw new IllegalStateException("the cache of row " + row + " is full (" + block + " positions)");
    }
    int c = heads * hs;
    for (int h = 0; h < heads; h++) {
      float[][] k = keys[layer][row][h];
      for (int d = 0; d < hs; d++) {
        k[d][slot] = kv[from + h * hs + d];
      }
      System.arraycopy(kv, from + c + h * hs, values[layer][row][h][slot], 0, hs);
    }
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
