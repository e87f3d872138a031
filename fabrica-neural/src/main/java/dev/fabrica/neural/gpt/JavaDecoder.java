package dev.fabrica.neural.gpt;

/**
 * {@link Gpt}'s forward pass for new positions over a {@link KvCache}, in plain Java. For a model
 * as small as {@code baby} a token is ~1.6 MFLOP, less than the cost of the ~100 engine calls the
 * same step takes through libtorch, so decoding runs here on weights copied out once
 * ({@link DecodeWeights}). The maths is nanoGPT's, with the same LayerNorm (ε = 1e-5), exact erf
 * GELU ({@link Gelu}) and scaled softmax attention; results match the libtorch forward to float
 * rounding. All positions of a call (several rows, several positions of a row) go through each
 * weight matrix together, so each weight row is read once for all of them. Each position's sums
 * run in the same order whatever else is in the call, so a row's values do not depend on its
 * company: batched decoding ({@link ContinuousBatch}) gives bit for bit what one row alone gets.
 */
final class JavaDecoder {
  private static final float LN_EPS = 1e-5f;
  /**
   * Whether the matrix products go through {@link VectorKernels}: when the JVM
   * runs with {@code --add-modules jdk.incubator.vector} (the launcher and the tests do) and {@code
   * -Dfabrica.vector=false} is not given. Both ways give the same bits.
   */
  static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("fabrica.vector"));
  private final DecodeWeights w;
  /** Each layer's four matrices (attention in, attention out, MLP in, MLP out), then the output layer, packed for {@link VectorKernels}; null without it. */
  private final PackedWeights[] packed;
  private final KvCache cache;
  private final int c;
  private final int hs;
  private final float scale;
  // scratch, one array per position of a call (flat arrays with offsets keep C2 from vectorising)
  private float[][] x = new float[0][];
  private float[][] h = new float[0][];
  private float[][] qkv = new float[0][];
  private float[][] y = new float[0][];
  private float[][] f = new float[0][];
  private int[] slots = new int[0];
  private final float[] scores;
  private final float[] logitRow;
  private final float[][] logitRows = new float[1][];
  private final float[][] one = new float[1][];
  private float[][] picked = new float[0][];
  private final float[] noBias; // the tied output layer has no bias
  private final float[] headOut;

  /** A decoder over {@code w} with a cache of {@code rows} rows (each a window of block_size positions). */
  JavaDecoder(DecodeWeights w, int rows) {
    this(w, VECTOR ? pack(w) : null, new KvCache(w.layers.length, rows, w.block, w.heads, w.c / w.heads));
  }

  private JavaDecoder(DecodeWeights w, PackedWeights[] packed, KvCache cache) {
    this.w = w;
    this.packed = packed;
    this.c = w.c;
    this.hs = c / w.heads;
    this.scale = (float) (1 / Math.sqrt(hs));
    this.cache = cache;
    this.scores = new float[w.block];
    this.logitRow = new float[w.vocab];
    this.noBias = new float[w.vocab];
    this.headOut = new float[hs];
  }

  private void ensure(int n) {
    if (slots.length < n) {
      x = new float[n][c];
      h = new float[n][c];
      qkv = new float[n][3 * c];
      y = new float[n][c];
      f = new float[n][4 * c];
      slots = new int[n];
    }
  }

  /**
   * A decoder over the same weights and the same cache with scratch of its own, so that another
   * thread can {@link #feed} other rows of the cache at the same time (each row's positions and
   * cache entries are only ever touched by the decoder that feeds that row).
   */
  JavaDecoder lane() {
    return new JavaDecoder(w, packed, cache);
  }

  /** A decoder over the same weights (no copy) with a cache of its own of {@code rows} rows: another batch. */
  JavaDecoder sibling(int rows) {
    return new JavaDecoder(w, packed, new KvCache(w.layers.length, rows, w.block, w.heads, w.c / w.heads));
  }

  private static PackedWeights[] pack(DecodeWeights w) {
    PackedWeights[] p = new PackedWeights[4 * w.layers.length + 1];
    for (int l = 0; l < w.layers.length; l++) {
      DecodeWeights.Layer layer = w.layers[l];
      p[4 * l] = VectorKernels.pack(layer.attnW());
      p[4 * l + 1] = VectorKernels.pack(layer.projW());
      p[4 * l + 2] = VectorKernels.pack(layer.fcW());
      p[4 * l + 3] = VectorKernels.pack(layer.mlpProjW());
    }
    p[4 * w.layers.length] = VectorKernels.pack(w.wteT);
    return p;
  }

  /** Packed matrix {@code i} (see {@link #packed}), or null without the vector module. */
  private PackedWeights packed(int i) {
    return packed == null ? null : packed[i];
  }

  KvCache cache() {
    return cache;
  }

  /** Rows of the cache. */
  int rows() {
    return cache.rows();
  }

  int vocab() {
    return w.vocab;
  }

  int block() {
    return w.block;
  }

  /**
   * Runs token {@code tokens[i]} at position {@code positions[i]} through the model for row
   * {@code rows[i]} (i &lt; n), appending its keys and values to that row's cache. A row may come
   * several times, with consecutive positions in order (a prompt): each attends to the ones before
   * it, and all of them go through each weight matrix together.
   *
   * @return the final hidden states, [i][C] after ln_f, in scratch arrays valid until the next call
   */
  float[][] feed(int n, int[] rows, int[] tokens, int[] positions) {
    ensure(n);
    for (int i = 0; i < n; i++) {
      int slot = cache.length(rows[i]); // where this position's key and value go
      for (int j = i - 1; j >= 0; j--) {
        if (rows[j] == rows[i]) {
          slot = slots[j] + 1;
          break;
        }
      }
      slots[i] = slot;
      int t = tokens[i] * c;
      int p = positions[i] * c;
      float[] xi = x[i];
      for (int k = 0; k < c; k++) {
        xi[k] = w.wte[t + k] + w.wpe[p + k];
      }
    }
    for (int l = 0; l < w.layers.length; l++) {
      DecodeWeights.Layer layer = w.layers[l];
      layerNorm(n, x, layer.ln1w(), layer.ln1b(), h);
      matmul(n, h, layer.attnW(), packed(4 * l), layer.attnB(), qkv, false); // [i][3C]: q | k | v
      for (int i = 0; i < n; i++) {
        cache.put(l, rows[i], slots[i], qkv[i], c);
      }
      for (int i = 0; i < n; i++) {
        attend(l, rows[i], i, slots[i] + 1);
      }
      matmul(n, y, layer.projW(), packed(4 * l + 1), layer.projB(), x, true); // residual
      layerNorm(n, x, layer.ln2w(), layer.ln2b(), h);
      matmul(n, h, layer.fcW(), packed(4 * l + 2), layer.fcB(), f, false); // [i][4C]
      for (int i = 0; i < n; i++) {
        Gelu.applyInPlace(f[i], f[i].length);
      }
      matmul(n, f, layer.mlpProjW(), packed(4 * l + 3), layer.mlpProjB(), x, true); // residual
    }
    for (int i = 0; i < n; i++) {
      cache.extend(rows[i], slots[i]);
    }
    layerNorm(n, x, w.lnFw, w.lnFb, h);
    return h;
  }

  /** Logits (V) of hidden state {@code hidden} (C) through the tied embedding, into {@code out} at {@code at}. */
  void logits(float[] hidden, float[] out, int at) {
    one[0] = hidden;
    logitRows[0] = logitRow;
    matmul(1, one, w.wteT, packed(4 * w.layers.length), noBias, logitRows, false);
    System.arraycopy(logitRow, 0, out, at, logitRow.length);
  }

  /**
   * Logits (V) of the hidden states {@code hidden[which[j]]} (C) into {@code out[j]}, j &lt; m, all
   * through the tied embedding together (each of its rows read once); row j's values are exactly
   * those {@link #logits(float[], float[], int)} gives it alone, as the sums run in the same order.
   */
  void logits(int m, float[][] hidden, int[] which, float[][] out) {
    if (picked.length < m) {
      picked = new float[m][];
    }
    for (int j = 0; j < m; j++) {
      picked[j] = hidden[which[j]];
    }
    matmul(m, picked, w.wteT, packed(4 * w.layers.length), noBias, out, false);
  }

  /**
   * y[i] = softmax(q·Kᵀ/√hs)·V per head, over the row's first {@code keys} cached positions (causal:
   * up to its own). With the vector module both halves keep their sums in registers ({@link
   * VectorKernels#scores}, {@link VectorKernels#weightedSum}); the plain loops take four dimensions
   * (q·K) or four positions (Σ p·v) per pass over their short arrays (keys ≤ block, hs), so each
   * partial sum is loaded and stored a quarter as often. Both give the same bits. The weights of V
   * are left unnormalised and the sum divides once per output.
   */
  private void attend(int layer, int row, int i, int keys) {
    float[] q = qkv[i];
    float[] yi = y[i];
    for (int head = 0; head < w.heads; head++) {
      int off = head * hs;
      float[][] kh = cache.keys[layer][row][head];
      float[][] vh = cache.values[layer][row][head];
      if (VECTOR) {
        VectorKernels.scores(q, off, scale, kh, keys, scores);
      } else {
        scores(q, off, scale, kh, keys, scores);
      }
      float max = Float.NEGATIVE_INFINITY;
      for (int s = 0; s < keys; s++) {
        max = Math.max(max, scores[s]);
      }
      float sum = 0;
      for (int s = 0; s < keys; s++) {
        scores[s] = (float) Math.exp(scores[s] - max);
        sum += scores[s];
      }
      if (!VECTOR || !VectorKernels.weightedSum(scores, vh, keys, sum, yi, off)) {
        weightedSum(scores, vh, keys, sum, yi, off, headOut);
      }
    }
  }

  /**
   * scores[s] = (q·scale)·K[s] of one head, s &lt; keys, in plain loops: without the vector module,
   * and the reference {@link VectorKernels#scores} gives the bits of.
   */
  static void scores(float[] q, int off, float scale, float[][] kh, int keys, float[] scores) {
    int hs = kh.length;
    java.util.Arrays.fill(scores, 0, keys, 0f);
    int d = 0;
    for (; d + 3 < hs; d += 4) {
      float q0 = q[off + d] * scale;
      float q1 = q[off + d + 1] * scale;
      float q2 = q[off + d + 2] * scale;
      float q3 = q[off + d + 3] * scale;
      float[] k0 = kh[d];
      float[] k1 = kh[d + 1];
      float[] k2 = kh[d + 2];
      float[] k3 = kh[d + 3];
      for (int s = 0; s < keys; s++) {
        scores[s] = Math.fma(q3, k3[s], Math.fma(q2, k2[s], Math.fma(q1, k1[s], Math.fma(q0, k0[s], scores[s]))));
      }
    }
    for (; d < hs; d++) {
      float qd = q[off + d] * scale;
      float[] kd = kh[d];
      for (int s = 0; s < keys; s++) {
        scores[s] = Math.fma(qd, kd[s], scores[s]);
      }
    }
  }

  /** yi[off + e] = Σ_s scores[s]·V[s][e] / sum of one head (plain loops, as {@link #scores}; {@link VectorKernels#weightedSum}). */
  static void weightedSum(float[] scores, float[][] vh, int keys, float sum, float[] yi, int off, float[] headOut) {
    int hs = headOut.length;
    java.util.Arrays.fill(headOut, 0f);
    int s = 0;
    for (; s + 3 < keys; s += 4) {
      float p0 = scores[s];
      float p1 = scores[s + 1];
      float p2 = scores[s + 2];
      float p3 = scores[s + 3];
      float[] v0 = vh[s];
      float[] v1 = vh[s + 1];
      float[] v2 = vh[s + 2];
      float[] v3 = vh[s + 3];
      for (int e = 0; e < hs; e++) {
        headOut[e] = Math.fma(p3, v3[e], Math.fma(p2, v2[e], Math.fma(p1, v1[e], Math.fma(p0, v0[e], headOut[e]))));
      }
    }
    for (; s < keys; s++) {
      float p = scores[s];
      float[] vs = vh[s];
      for (int e = 0; e < hs; e++) {
        headOut[e] = Math.fma(p, vs[e], headOut[e]);
      }
    }
    for (int e = 0; e < hs; e++) {
      yi[off + e] = headOut[e] / sum;
    }
  }

  /** out[i] = (accumulate ? out[i] : 0) + in[i] · wT + bias, for i &lt; n; wT is (in)[out], p the same packed (with the vector module). */
  private static void matmul(int n, float[][] in, float[][] wT, PackedWeights p, float[] bias, float[][] out, boolean accumulate) {
    if (p != null) {
      VectorKernels.matmul(n, in, p, bias, out, accumulate);
    } else {
      plainMatmul(n, in, wT, bias, out, accumulate);
    }
  }

  /** {@link #matmul} in plain loops, which C2 vectorises a pass at a time (no vector API). */
  static void plainMatmul(int n, float[][] in, float[][] wT, float[] bias, float[][] out, boolean accumulate) {
    int dIn = wT.length;
    for (int i = 0; i < n; i++) {
      float[] oi = out[i];
      for (int o = 0; o < bias.length; o++) {
        oi[o] = (accumulate ? oi[o] : 0) + bias[o];
      }
    }
    // four input rows per pass: each output element is loaded and stored a quarter as often. Fused
    // multiply-adds (C2 vectorises Math.fma; more than four inputs a pass outgrow its unrolling
    // limit and stay scalar) are half the arithmetic of separate ones, and one rounding each
    int k = 0;
    for (; k + 3 < dIn; k += 4) {
      float[] w0 = wT[k];
      float[] w1 = wT[k + 1];
      float[] w2 = wT[k + 2];
      float[] w3 = wT[k + 3];
      for (int i = 0; i < n; i++) {
        float[] xi = in[i];
        float a0 = xi[k];
        float a1 = xi[k + 1];
        float a2 = xi[k + 2];
        float a3 = xi[k + 3];
        float[] oi = out[i];
        for (int o = 0; o < oi.length; o++) {
          oi[o] = Math.fma(a3, w3[o], Math.fma(a2, w2[o], Math.fma(a1, w1[o], Math.fma(a0, w0[o], oi[o]))));
        }
      }
    }
    for (; k < dIn; k++) {
      float[] wk = wT[k];
      for (int i = 0; i < n; i++) {
        float xk = in[i][k];
        float[] oi = out[i];
        for (int o = 0; o < oi.length; o++) {
          oi[o] = Math.fma(xk, wk[o], oi[o]);
        }
      }
    }
  }

  private void layerNorm(int n, float[][] in, float[] gain, float[] shift, float[][] out) {
    for (int i = 0; i < n; i++) {
      float[] a = in[i];
      float[] b = out[i];
      float mean = 0;
      for (int k = 0; k < c; k++) {
        mean += a[k];
      }
      mean /= c;
      float var = 0;
      for (int k = 0; k < c; k++) {
        float d = a[k] - mean;
        var += d * d;
      }
      float inv = (float) (1 / Math.sqrt(var / c + LN_EPS)); // biased variance, as torch.layer_norm
      for (int k = 0; k < c; k++) {
        b[k] = (a[k] - mean) * inv * gain[k] + shift[k];
      }
    }
  }
}
