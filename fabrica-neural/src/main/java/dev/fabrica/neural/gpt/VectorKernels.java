package dev.fabrica.neural.gpt;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JavaDecoder}'s matrix products and both halves of attention on the JDK's vector API (the {@code
 * jdk.incubator.vector} module of Java 17, which the launcher adds), when that module is there.
 * C2's own vectorising of the plain loops keeps each partial sum in memory, loaded and stored every
 * few inputs, and reads a weight row once per position. Here a tile of sums (up to 8 positions × 2
 * vectors) stays in registers for the whole sum, and each weight vector loaded serves every position
 * of the tile, so several positions together cost much less per position than one alone: the point
 * of batching.
 *
 * <p>The tiles are written out one by one, each sum a named local: C2 keeps named vector locals in
 * registers, where an array of them or a loop over the tile's rows would go through memory.
 *
 * <p>Every sum is still its start value followed by one fused multiply-add per term, in the plain
 * loops' order, so both ways give the same bits, and a position gets the same bits whatever the tile
 * it lands in: a row's values do not depend on its company.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final FloatVector ZERO = FloatVector.zero(S);

  private VectorKernels() {}

  /** {@code wT} laid out for these kernels. */
  static PackedWeights pack(float[][] wT) {
    return new PackedWeights(wT, L);
  }

  /**
   * out[i] = (accumulate ? out[i] : 0) + in[i] · wT + bias, for i &lt; n; w is wT (in)[out] packed by
   * {@link #pack}. Columns go in tiles of two vectors, then one; the last few (fewer than a vector)
   * one output at a time.
   */
  static void matmul(int n, float[][] in, PackedWeights w, float[] bias, float[][] out, boolean accumulate) {
    float[][] pairs = w.pairs;
    int tiles = pairs.length;
    int vectors = tiles * 2 * L + (w.single == null ? 0 : L);
    int eights = n - n % 8;
    int fours = eights + (n - eights) / 4 * 4;
    // columns outermost: a tile's panel of the weights (dIn × two vectors, 16-64 KB for baby) comes
    // from memory once and from the nearest cache for every further group of positions, where groups
    // outermost read the whole matrix once per group of eight
    for (int t = 0; t < tiles; t++) {
      for (int g = 0; g < eights; g += 8) {
        rows8(in, g, pairs[t], bias, out, t * 2 * L, accumulate);
      }
      for (int g = eights; g < fours; g += 4) {
        rows4(in, g, pairs[t], bias, out, t * 2 * L, accumulate);
      }
    }
    if (w.single != null) {
      for (int g = 0; g < eights; g += 8) {
        rows8x1(in, g, w.single, bias, out, tiles * 2 * L, accumulate);
      }
      for (int g = eights; g < fours; g += 4) {
        rows4x1(in, g, w.single, bias, out, tiles * 2 * L, accumulate);
      }
    }
    for (int i = fours; i < n; i++) {
      int t = 0;
      for (; t + 3 < tiles; t += 4) {
        row8(in, i, pairs[t], pairs[t + 1], pairs[t + 2], pairs[t + 3], bias, out, t * 2 * L, accumulate);
      }
      for (; t < tiles; t++) {
        rows1(in, i, pairs[t], bias, out, t * 2 * L, accumulate);
      }
      if (w.single != null) {
        rows1x1(in, i, w.single, bias, out, tiles * 2 * L, accumulate);
      }
    }
    if (vectors < bias.length) {
      for (int r = 0; r < n; r++) {
        tail(in[r], w.wT, bias, out[r], vectors, accumulate);
      }
    }
  }

  private static FloatVector start(float[] out, int o, boolean acc) {
    return acc ? FloatVector.fromArray(S, out, o) : ZERO;
  }

  /** Columns {@code from}.. of one position, one output at a time. */
  private static void tail(float[] x, float[][] wT, float[] bias, float[] out, int from, boolean acc) {
    for (int o = from; o < bias.length; o++) {
      float s = (acc ? out[o] : 0) + bias[o];
      for (int k = 0; k < wT.length; k++) {
        s = Math.fma(x[k], wT[k][o], s);
      }
      out[o] = s;
    }
  }

  /** Eight positions, two vectors of columns from {@code o}: 16 sums in registers. */
  private static void rows8(float[][] in, int i, float[] p, float[] bias, float[][] out, int o, boolean acc) {
    float[] x0 = in[i + 0];
    float[] x1 = in[i + 1];
    float[] x2 = in[i + 2];
    float[] x3 = in[i + 3];
    float[] x4 = in[i + 4];
    float[] x5 = in[i + 5];
    float[] x6 = in[i + 6];
    float[] x7 = in[i + 7];
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    FloatVector b1 = FloatVector.fromArray(S, bias, o + L);
    float[] o0 = out[i + 0];
    FloatVector c00 = start(o0, o, acc).add(b0);
    FloatVector c01 = start(o0, o + L, acc).add(b1);
    float[] o1 = out[i + 1];
    FloatVector c10 = start(o1, o, acc).add(b0);
    FloatVector c11 = start(o1, o + L, acc).add(b1);
    float[] o2 = out[i + 2];
    FloatVector c20 = start(o2, o, acc).add(b0);
    FloatVector c21 = start(o2, o + L, acc).add(b1);
    float[] o3 = out[i + 3];
    FloatVector c30 = start(o3, o, acc).add(b0);
    FloatVector c31 = start(o3, o + L, acc).add(b1);
    float[] o4 = out[i + 4];
    FloatVector c40 = start(o4, o, acc).add(b0);
    FloatVector c41 = start(o4, o + L, acc).add(b1);
    float[] o5 = out[i + 5];
    FloatVector c50 = start(o5, o, acc).add(b0);
    FloatVector c51 = start(o5, o + L, acc).add(b1);
    float[] o6 = out[i + 6];
    FloatVector c60 = start(o6, o, acc).add(b0);
    FloatVector c61 = start(o6, o + L, acc).add(b1);
    float[] o7 = out[i + 7];
    FloatVector c70 = start(o7, o, acc).add(b0);
    FloatVector c71 = start(o7, o + L, acc).add(b1);
    for (int k = 0, at = 0; at < p.length; k++, at += 2 * L) {
      FloatVector w0 = FloatVector.fromArray(S, p, at);
      FloatVector w1 = FloatVector.fromArray(S, p, at + L);
      FloatVector a0 = FloatVector.broadcast(S, x0[k]);
      c00 = w0.fma(a0, c00); c01 = w1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(S, x1[k]);
      c10 = w0.fma(a1, c10); c11 = w1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(S, x2[k]);
      c20 = w0.fma(a2, c20); c21 = w1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(S, x3[k]);
      c30 = w0.fma(a3, c30); c31 = w1.fma(a3, c31);
      FloatVector a4 = FloatVector.broadcast(S, x4[k]);
      c40 = w0.fma(a4, c40); c41 = w1.fma(a4, c41);
      FloatVector a5 = FloatVector.broadcast(S, x5[k]);
      c50 = w0.fma(a5, c50); c51 = w1.fma(a5, c51);
      FloatVector a6 = FloatVector.broadcast(S, x6[k]);
      c60 = w0.fma(a6, c60); c61 = w1.fma(a6, c61);
      FloatVector a7 = FloatVector.broadcast(S, x7[k]);
      c70 = w0.fma(a7, c70); c71 = w1.fma(a7, c71);
    }
    c00.intoArray(o0, o); c01.intoArray(o0, o + L);
    c10.intoArray(o1, o); c11.intoArray(o1, o + L);
    c20.intoArray(o2, o); c21.intoArray(o2, o + L);
    c30.intoArray(o3, o); c31.intoArray(o3, o + L);
    c40.intoArray(o4, o); c41.intoArray(o4, o + L);
    c50.intoArray(o5, o); c51.intoArray(o5, o + L);
    c60.intoArray(o6, o); c61.intoArray(o6, o + L);
    c70.intoArray(o7, o); c71.intoArray(o7, o + L);
  }

  /** Eight positions, one vector of columns. */
  private static void rows8x1(float[][] in, int i, float[] p, float[] bias, float[][] out, int o, boolean acc) {
    float[] x0 = in[i + 0];
    float[] x1 = in[i + 1];
    float[] x2 = in[i + 2];
    float[] x3 = in[i + 3];
    float[] x4 = in[i + 4];
    float[] x5 = in[i + 5];
    float[] x6 = in[i + 6];
    float[] x7 = in[i + 7];
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    float[] o0 = out[i + 0];
    FloatVector c00 = start(o0, o, acc).add(b0);
    float[] o1 = out[i + 1];
    FloatVector c10 = start(o1, o, acc).add(b0);
    float[] o2 = out[i + 2];
    FloatVector c20 = start(o2, o, acc).add(b0);
    float[] o3 = out[i + 3];
    FloatVector c30 = start(o3, o, acc).add(b0);
    float[] o4 = out[i + 4];
    FloatVector c40 = start(o4, o, acc).add(b0);
    float[] o5 = out[i + 5];
    FloatVector c50 = start(o5, o, acc).add(b0);
    float[] o6 = out[i + 6];
    FloatVector c60 = start(o6, o, acc).add(b0);
    float[] o7 = out[i + 7];
    FloatVector c70 = start(o7, o, acc).add(b0);
    for (int k = 0, at = 0; at < p.length; k++, at += L) {
      FloatVector w0 = FloatVector.fromArray(S, p, at);
      FloatVector a0 = FloatVector.broadcast(S, x0[k]);
      c00 = w0.fma(a0, c00);
      FloatVector a1 = FloatVector.broadcast(S, x1[k]);
      c10 = w0.fma(a1, c10);
      FloatVector a2 = FloatVector.broadcast(S, x2[k]);
      c20 = w0.fma(a2, c20);
      FloatVector a3 = FloatVector.broadcast(S, x3[k]);
      c30 = w0.fma(a3, c30);
      FloatVector a4 = FloatVector.broadcast(S, x4[k]);
      c40 = w0.fma(a4, c40);
      FloatVector a5 = FloatVector.broadcast(S, x5[k]);
      c50 = w0.fma(a5, c50);
      FloatVector a6 = FloatVector.broadcast(S, x6[k]);
      c60 = w0.fma(a6, c60);
      FloatVector a7 = FloatVector.broadcast(S, x7[k]);
      c70 = w0.fma(a7, c70);
    }
    c00.intoArray(o0, o);
    c10.intoArray(o1, o);
    c20.intoArray(o2, o);
    c30.intoArray(o3, o);
    c40.intoArray(o4, o);
    c50.intoArray(o5, o);
    c60.intoArray(o6, o);
    c70.intoArray(o7, o);
  }

  /** Four positions, two vectors of columns. */
  private static void rows4(float[][] in, int i, float[] p, float[] bias, float[][] out, int o, boolean acc) {
    float[] x0 = in[i + 0];
    float[] x1 = in[i + 1];
    float[] x2 = in[i + 2];
    float[] x3 = in[i + 3];
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    FloatVector b1 = FloatVector.fromArray(S, bias, o + L);
    float[] o0 = out[i + 0];
    FloatVector c00 = start(o0, o, acc).add(b0);
    FloatVector c01 = start(o0, o + L, acc).add(b1);
    float[] o1 = out[i + 1];
    FloatVector c10 = start(o1, o, acc).add(b0);
    FloatVector c11 = start(o1, o + L, acc).add(b1);
    float[] o2 = out[i + 2];
    FloatVector c20 = start(o2, o, acc).add(b0);
    FloatVector c21 = start(o2, o + L, acc).add(b1);
    float[] o3 = out[i + 3];
    FloatVector c30 = start(o3, o, acc).add(b0);
    FloatVector c31 = start(o3, o + L, acc).add(b1);
    for (int k = 0, at = 0; at < p.length; k++, at += 2 * L) {
      FloatVector w0 = FloatVector.fromArray(S, p, at);
      FloatVector w1 = FloatVector.fromArray(S, p, at + L);
      FloatVector a0 = FloatVector.broadcast(S, x0[k]);
      c00 = w0.fma(a0, c00); c01 = w1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(S, x1[k]);
      c10 = w0.fma(a1, c10); c11 = w1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(S, x2[k]);
      c20 = w0.fma(a2, c20); c21 = w1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(S, x3[k]);
      c30 = w0.fma(a3, c30); c31 = w1.fma(a3, c31);
    }
    c00.intoArray(o0, o); c01.intoArray(o0, o + L);
    c10.intoArray(o1, o); c11.intoArray(o1, o + L);
    c20.intoArray(o2, o); c21.intoArray(o2, o + L);
    c30.intoArray(o3, o); c31.intoArray(o3, o + L);
  }

  /** Four positions, one vector of columns. */
  private static void rows4x1(float[][] in, int i, float[] p, float[] bias, float[][] out, int o, boolean acc) {
    float[] x0 = in[i + 0];
    float[] x1 = in[i + 1];
    float[] x2 = in[i + 2];
    float[] x3 = in[i + 3];
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    float[] o0 = out[i + 0];
    FloatVector c00 = start(o0, o, acc).add(b0);
    float[] o1 = out[i + 1];
    FloatVector c10 = start(o1, o, acc).add(b0);
    float[] o2 = out[i + 2];
    FloatVector c20 = start(o2, o, acc).add(b0);
    float[] o3 = out[i + 3];
    FloatVector c30 = start(o3, o, acc).add(b0);
    for (int k = 0, at = 0; at < p.length; k++, at += L) {
      FloatVector w0 = FloatVector.fromArray(S, p, at);
      FloatVector a0 = FloatVector.broadcast(S, x0[k]);
      c00 = w0.fma(a0, c00);
      FloatVector a1 = FloatVector.broadcast(S, x1[k]);
      c10 = w0.fma(a1, c10);
      FloatVector a2 = FloatVector.broadcast(S, x2[k]);
      c20 = w0.fma(a2, c20);
      FloatVector a3 = FloatVector.broadcast(S, x3[k]);
      c30 = w0.fma(a3, c30);
    }
    c00.intoArray(o0, o);
    c10.intoArray(o1, o);
    c20.intoArray(o2, o);
    c30.intoArray(o3, o);
  }

  /** One position, eight vectors of columns: enough independent sums to hide the multiply-add latency. */
  private static void row8(float[][] in, int i, float[] p0, float[] p1, float[] p2, float[] p3, float[] bias, float[][] out, int o,
      boolean acc) {
    float[] x0 = in[i + 0];
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    FloatVector b1 = FloatVector.fromArray(S, bias, o + L);
    FloatVector b2 = FloatVector.fromArray(S, bias, o + 2 * L);
    FloatVector b3 = FloatVector.fromArray(S, bias, o + 3 * L);
    FloatVector b4 = FloatVector.fromArray(S, bias, o + 4 * L);
    FloatVector b5 = FloatVector.fromArray(S, bias, o + 5 * L);
    FloatVector b6 = FloatVector.fromArray(S, bias, o + 6 * L);
    FloatVector b7 = FloatVector.fromArray(S, bias, o + 7 * L);
    float[] o0 = out[i + 0];
    FloatVector c00 = start(o0, o, acc).add(b0);
    FloatVector c01 = start(o0, o + L, acc).add(b1);
    FloatVector c02 = start(o0, o + 2 * L, acc).add(b2);
    FloatVector c03 = start(o0, o + 3 * L, acc).add(b3);
    FloatVector c04 = start(o0, o + 4 * L, acc).add(b4);
    FloatVector c05 = start(o0, o + 5 * L, acc).add(b5);
    FloatVector c06 = start(o0, o + 6 * L, acc).add(b6);
    FloatVector c07 = start(o0, o + 7 * L, acc).add(b7);
    for (int k = 0, at = 0; at < p0.length; k++, at += 2 * L) {
      FloatVector w0 = FloatVector.fromArray(S, p0, at);
      FloatVector w1 = FloatVector.fromArray(S, p0, at + L);
      FloatVector w2 = FloatVector.fromArray(S, p1, at);
      FloatVector w3 = FloatVector.fromArray(S, p1, at + L);
      FloatVector w4 = FloatVector.fromArray(S, p2, at);
      FloatVector w5 = FloatVector.fromArray(S, p2, at + L);
      FloatVector w6 = FloatVector.fromArray(S, p3, at);
      FloatVector w7 = FloatVector.fromArray(S, p3, at + L);
      FloatVector a0 = FloatVector.broadcast(S, x0[k]);
      c00 = w0.fma(a0, c00); c01 = w1.fma(a0, c01); c02 = w2.fma(a0, c02); c03 = w3.fma(a0, c03); c04 = w4.fma(a0, c04); c05 = w5.fma(a0, c05); c06 = w6.fma(a0, c06); c07 = w7.fma(a0, c07);
    }
    c00.intoArray(o0, o); c01.intoArray(o0, o + L); c02.intoArray(o0, o + 2 * L); c03.intoArray(o0, o + 3 * L); c04.intoArray(o0, o + 4 * L); c05.intoArray(o0, o + 5 * L); c06.intoArray(o0, o + 6 * L); c07.intoArray(o0, o + 7 * L);
  }

  /** One position, two vectors of columns. */
  private static void rows1(float[][] in, int i, float[] p, float[] bias, float[][] out, int o, boolean acc) {
    float[] x0 = in[i + 0];
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    FloatVector b1 = FloatVector.fromArray(S, bias, o + L);
    float[] o0 = out[i + 0];
    FloatVector c00 = start(o0, o, acc).add(b0);
    FloatVector c01 = start(o0, o + L, acc).add(b1);
    for (int k = 0, at = 0; at < p.length; k++, at += 2 * L) {
      FloatVector w0 = FloatVector.fromArray(S, p, at);
      FloatVector w1 = FloatVector.fromArray(S, p, at + L);
      FloatVector a0 = FloatVector.broadcast(S, x0[k]);
      c00 = w0.fma(a0, c00); c01 = w1.fma(a0, c01);
    }
    c00.intoArray(o0, o); c01.intoArray(o0, o + L);
  }

  /** One position, one vector of columns. */
  private static void rows1x1(float[][] in, int i, float[] p, float[] bias, float[][] out, int o, boolean acc) {
    float[] x0 = in[i + 0];
    FloatVector b0 = FloatVector.fromArray(S, bias, o);
    float[] o0 = out[i + 0];
    FloatVector c00 = start(o0, o, acc).add(b0);
    for (int k = 0, at = 0; at < p.length; k++, at += L) {
      FloatVector w0 = FloatVector.fromArray(S, p, at);
      FloatVector a0 = FloatVector.broadcast(S, x0[k]);
      c00 = w0.fma(a0, c00);
    }
    c00.intoArray(o0, o);
  }
  /**
   * scores[s] = Σ_d (q[off + d]·scale)·K[d][s] of one head, for s &lt; keys, in the plain loop's order
   * (d ascending, one fused multiply-add each, from 0). Positions go a vector at a time, four vectors
   * (four independent sums) while enough are left. A last vector that runs past {@code keys} is
   * computed whole when the cache's arrays and {@code scores} are long enough (the extra positions
   * are never read); otherwise those positions go one at a time.
   *
   * <p>Every sum starts from {@code FloatVector.zero(S)}, never from the {@link #ZERO} constant: a
   * constant vector object flowing into a loop's sum keeps C2 from unboxing it, and every
   * multiply-add then allocates (measured 10× slower, slower than the plain loops: why a first
   * vector-API attention was dropped).
   */
  static void scores(float[] q, int off, float scale, float[][] kh, int keys, float[] scores) {
    int hs = kh.length;
    int room = Math.min(kh[0].length, scores.length); // positions a whole vector may cover
    int s = 0;
    for (; s + 3 * L < keys && s + 4 * L <= room; s += 4 * L) {
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = FloatVector.zero(S);
      FloatVector a2 = FloatVector.zero(S);
      FloatVector a3 = FloatVector.zero(S);
      for (int d = 0; d < hs; d++) {
        float[] kd = kh[d];
        FloatVector qd = FloatVector.broadcast(S, q[off + d] * scale);
        a0 = FloatVector.fromArray(S, kd, s).fma(qd, a0);
        a1 = FloatVector.fromArray(S, kd, s + L).fma(qd, a1);
        a2 = FloatVector.fromArray(S, kd, s + 2 * L).fma(qd, a2);
        a3 = FloatVector.fromArray(S, kd, s + 3 * L).fma(qd, a3);
      }
      a0.intoArray(scores, s);
      a1.intoArray(scores, s + L);
      a2.intoArray(scores, s + 2 * L);
      a3.intoArray(scores, s + 3 * L);
    }
    for (; s + L < keys && s + 2 * L <= room; s += 2 * L) {
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = FloatVector.zero(S);
      for (int d = 0; d < hs; d++) {
        float[] kd = kh[d];
        FloatVector qd = FloatVector.broadcast(S, q[off + d] * scale);
        a0 = FloatVector.fromArray(S, kd, s).fma(qd, a0);
        a1 = FloatVector.fromArray(S, kd, s + L).fma(qd, a1);
      }
      a0.intoArray(scores, s);
      a1.intoArray(scores, s + L);
    }
    for (; s < keys && s + L <= room; s += L) {
      FloatVector a0 = FloatVector.zero(S);
      for (int d = 0; d < hs; d++) {
        a0 = FloatVector.fromArray(S, kh[d], s).fma(FloatVector.broadcast(S, q[off + d] * scale), a0);
      }
      a0.intoArray(scores, s);
    }
    for (; s < keys; s++) {
      float a = 0;
      for (int d = 0; d < hs; d++) {
        a = Math.fma(q[off + d] * scale, kh[d][s], a);
      }
      scores[s] = a;
    }
  }

  /**
   * yi[off + e] = Σ_s p[s]·V[s][e] / sum of one head, s &lt; keys ascending, one fused multiply-add
   * each from 0, as the plain loop sums; for a head size that is a whole number of vectors (else
   * false, and nothing is written).
   */
  static boolean weightedSum(float[] p, float[][] vh, int keys, float sum, float[] yi, int off) {
    int hs = vh[0].length;
    if (hs % L != 0) {
      return false;
    }
    for (int e = 0; e < hs; e += 2 * L) {
      if (e + 2 * L <= hs) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        for (int s = 0; s < keys; s++) {
          float[] vs = vh[s];
          FloatVector ps = FloatVector.broadcast(S, p[s]);
          a0 = FloatVector.fromArray(S, vs, e).fma(ps, a0);
          a1 = FloatVector.fromArray(S, vs, e + L).fma(ps, a1);
        }
        a0.div(sum).intoArray(yi, off + e);
        a1.div(sum).intoArray(yi, off + e + L);
      } else {
        FloatVector a0 = FloatVector.zero(S);
        for (int s = 0; s < keys; s++) {
          a0 = FloatVector.fromArray(S, vh[s], e).fma(FloatVector.broadcast(S, p[s]), a0);
        }
        a0.div(sum).intoArray(yi, off + e);
      }
    }
    return true;
  }
}
