package dev.fabrica.neural.gpt;

/**
 * A weight matrix (in)[out] laid out for {@link VectorKernels}: each tile of columns the kernels take
 * (two vectors wide, then one) becomes one array that runs through the inputs in order, so a tile's
 * pass reads memory front to back, 64 bytes after 64 bytes, instead of 128 bytes from each of
 * {@code in} separate rows; the hardware prefetcher streams the first and stalls on the second
 * (measured: one product of 16 positions 3× slower when its weights are not already cached). The
 * columns after the last whole vector stay in {@link #wT}. Holds no vector-API type, so building a
 * decoder without the vector module never loads one.
 */
final class PackedWeights {
  /** The matrix as given, (in)[out]. */
  final float[][] wT;
  /** pairs[t][k·2v + j] = wT[k][t·2v + j]: tiles of two vectors of columns. */
  final float[][] pairs;
  /** single[k·v + j] = wT[k][pairs.length·2v + j]: one vector of columns after the pairs, or null. */
  final float[] single;

  /** {@code wT} packed for vectors of {@code v} floats. */
  PackedWeights(float[][] wT, int v) {
    this.wT = wT;
    int dIn = wT.length;
    int dOut = dIn == 0 ? 0 : wT[0].length;
    int pairCount = dOut / (2 * v);
    this.pairs = new float[pairCount][];
    for (int t = 0; t < pairCount; t++) {
      pairs[t] = panel(wT, t * 2 * v, 2 * v);
    }
    this.single = dOut - pairCount * 2 * v >= v ? panel(wT, pairCount * 2 * v, v) : null;
  }

  private static float[] panel(float[][] wT, int from, int width) {
    float[] p = new float[wT.length * width];
    for (int k = 0; k < wT.length; k++) {
      System.arraycopy(wT[k], from, p, k * width, width);
    }
    return p;
  }
}
