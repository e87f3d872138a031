package dev.fabrica.neural.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values of the positions a {@link Gpt} has already seen, per layer, so that each new
 * token costs one position's work: its query attends to the cached keys. The arrays live in the
 * cache's own manager, so they outlive the scope of the step that made them.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private long length;

  public KvCache(int layers, NDManager parent) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Positions held (the same for every layer once a forward pass has finished). */
  public long length() {
    return length;
  }

  /** Appends this step's k, v (B, nh, T, hs) to layer {@code layer}; returns all keys and values so far. */
  NDList append(int layer, NDArray k, NDArray v) {
    NDArray kAll = keys[layer] == null ? k : keys[layer].concat(k, 2); // (B, nh, T_keys, hs)
    NDArray vAll = values[layer] == null ? v : values[layer].concat(v, 2);
    // the step's scope closes when the step ends; the cache takes these two arrays over
    kAll.attach(manager);
    vAll.attach(manager);
    if (keys[layer] != null) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = kAll;
    values[layer] = vAll;
    return new NDList(kAll, vAll);
  }

  void advance(long positions) {
    length += positions;
  }

  /** Forgets every position (the window slid: positions must be recomputed). */
  public void clear() {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        keys[i].close();
        values[i].close();
        keys[i] = values[i] = null;
      }
    }
    length = 0;
  }

  @Override
  public void close() {
    manager.close();
  }
}
