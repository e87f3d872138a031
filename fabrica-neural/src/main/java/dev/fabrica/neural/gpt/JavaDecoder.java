package dev.fabrica.neural.gpt;

/**
 * {@link Gpt}'s forward pass for new positions over a {@link KvCache}, in plain Java. For a model
 * as small as {@code baby} a token is ~1.6 MFLOP, less than the cost of the ~100 engine calls the
 * same step takes through libtorch, so decoding runs here on weights copied out once
 * ({@link DecodeWeights}). The maths is nanoGPT's, with the same LayerNorm (ε = 1e-5), exact erf
 * GELU ({@link Gelu}) and scaled softmax attention; results match the libtorch forward to float
 * rounding. All positions of a call (several rows, several positions of a row) go through each
 * weight matrix together, so each weight row is read once for all of them.
 */
final class JavaDecoder {
  private static final float LN_EPS = 1e-5f;
  private final DecodeWeights w;
  private final KvCache cache;
  private final int c;
  private final int hs;
  private final float scale;
  // scratch for n positions at once, grown on demand
  private float[] x = new float[0];
  private float[] h = new float[0];
  private float[] qkv = new float[0];
  private float[] y = new float[0];
  private float[] f = new float[0];
  private int[] slots = new int[0];
  private final float[] scores;

  JavaDecoder(DecodeWeights w, int rows) {
    this.w = w;
    this.c = w.c;
    this.hs = c / w.heads;
    this.scale = (float) (1 / Math.sqrt(hs));
    this.cache = new KvCache(w.layers.length, rows, w.block, c);
    this.scores = new float[w.block];
  }

  private void ensure(int n) {
    if (slots.length < n) {
      x = new float[n * c];
      h = new float[n * c];
      qkv = new float[n * 3 * c];
      y = new float[n * c];
      f = new float[n * 4 * c];
      slots = new int[n];
    }
  }

  KvCache cache() {
    return cache;
  }

  /**
   * Runs token {@code tokens[i]} at position {@code positions[i]} through the model for row
   * {@code rows[i]} (i &lt; n), appending its keys and values to that row's cache. A row may come
   * several times, with consecutive positions in order (a prompt): each attends to the ones before
   * it, and all of them go through each weight matrix together.
   *
   * @return the final hidden states (n, C) after ln_f, in a scratch array valid until the next call
   */
  float[] feed(int n, int[] rows, int[] tokens, int[] positions) {
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
      for (int k = 0; k < c; k++) {
        x[i * c + k] = w.wte[t + k] + w.wpe[p + k];
      }
    }
    for (int l = 0; l < w.layers.length; l++) {
      DecodeWeights.Layer layer = w.layers[l];
      layerNorm(n, x, layer.ln1w(), layer.ln1b(), h);
      matmul(n, h, c, layer.attnW(), layer.attnB(), 3 * c, qkv, false); // (n, 3C): q | k | v
      for (int i = 0; i < n; i++) {
        cache.put(l, rows[i], slots[i], qkv, i * 3 * c + c);
      }
      for (int i = 0; i < n; i++) {
        attend(l, rows[i], i, slots[i] + 1);
      }
      matmul(n, y, c, layer.projW(), layer.projB(), c, x, true); // residual
      layerNorm(n, x, layer.ln2w(), layer.ln2b(), h);
      matmul(n, h, c, layer.fcW(), layer.fcB(), 4 * c, f, false); // (n, 4C)
      for (int k = 0; k < n * 4 * c; k++) {
        f[k] = Gelu.apply(f[k]);
      }
      matmul(n, f, 4 * c, layer.mlpProjW(), layer.mlpProjB(), c, x, true); // residual
    }
    for (int i = 0; i < n; i++) {
      cache.extend(rows[i], slots[i]);
    }
    layerNorm(n, x, w.lnFw, w.lnFb, h);
    return h;
  }

  /** Logits (V) of hidden state {@code i} of {@code hidden} through the tied embedding, into {@code out} at {@code at}. */
  void logits(float[] hidden, int i, float[] out, int at) {
    int v = w.vocab;
    java.util.Arrays.fill(out, at, at + v, 0f);
    for (int k = 0; k < c; k++) {
      float xk = hidden[i * c + k];
      int base = k * v;
      for (int o = 0; o < v; o++) {
        out[at + o] += xk * w.wteT[base + o];
      }
    }
  }

  /** y[i] = softmax(q·Kᵀ/√hs)·V per head, over the row's first {@code keys} cached positions (causal: up to its own). */
  private void attend(int layer, int row, int i, int keys) {
    float[] kc = cache.keys[layer][row];
    float[] vc = cache.values[layer][row];
    int q0 = i * 3 * c;
    for (int head = 0; head < w.heads; head++) {
      int off = head * hs;
      float max = Float.NEGATIVE_INFINITY;
      for (int s = 0; s < keys; s++) {
        float dot = 0;
        for (int d = 0; d < hs; d++) {
          dot += qkv[q0 + off + d] * kc[s * c + off + d];
        }
        scores[s] = dot * scale;
        max = Math.max(max, scores[s]);
      }
      float sum = 0;
      for (int s = 0; s < keys; s++) {
        scores[s] = (float) Math.exp(scores[s] - max);
        sum += scores[s];
      }
      int y0 = i * c + off;
      java.util.Arrays.fill(y, y0, y0 + hs, 0f);
      for (int s = 0; s < keys; s++) {
        float p = scores[s] / sum;
        int v0 = s * c + off;
        for (int d = 0; d < hs; d++) {
          y[y0 + d] += p * vc[v0 + d];
        }
      }
    }
  }

  /** out (n, out) = (accumulate ? out : 0) + in (n, dIn) · wT (dIn, out) + bias. */
  private static void matmul(int n, float[] in, int dIn, float[] wT, float[] bias, int dOut, float[] out, boolean accumulate) {
    for (int i = 0; i < n; i++) {
      int o0 = i * dOut;
      for (int o = 0; o < dOut; o++) {
        out[o0 + o] = (accumulate ? out[o0 + o] : 0) + bias[o];
      }
    }
    // four input rows per pass: each output element is loaded and stored a quarter as often
    int k = 0;
    for (; k + 3 < dIn; k += 4) {
      int b0 = k * dOut;
      int b1 = b0 + dOut;
      int b2 = b1 + dOut;
      int b3 = b2 + dOut;
      for (int i = 0; i < n; i++) {
        int x0 = i * dIn + k;
        float a0 = in[x0];
        float a1 = in[x0 + 1];
        float a2 = in[x0 + 2];
        float a3 = in[x0 + 3];
        int o0 = i * dOut;
        for (int o = 0; o < dOut; o++) {
          out[o0 + o] += a0 * wT[b0 + o] + a1 * wT[b1 + o] + a2 * wT[b2 + o] + a3 * wT[b3 + o];
        }
      }
    }
    for (; k < dIn; k++) {
      int base = k * dOut;
      for (int i = 0; i < n; i++) {
        float xk = in[i * dIn + k];
        int o0 = i * dOut;
        for (int o = 0; o < dOut; o++) {
          out[o0 + o] += xk * wT[base + o];
        }
      }
    }
  }

  private void layerNorm(int n, float[] in, float[] gain, float[] shift, float[] out) {
    for (int i = 0; i < n; i++) {
      int o = i * c;
      float mean = 0;
      for (int k = 0; k < c; k++) {
        mean += in[o + k];
      }
      mean /= c;
      float var = 0;
      for (int k = 0; k < c; k++) {
        float d = in[o + k] - mean;
        var += d * d;
      }
      float inv = (float) (1 / Math.sqrt(var / c + LN_EPS)); // biased variance, as torch.layer_norm
      for (int k = 0; k < c; k++) {
        out[o + k] = (in[o + k] - mean) * inv * gain[k] + shift[k];
      }
    }
  }
}
