package dev.fabrica.neural.gpt;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A {@link Gpt}'s weights copied once out of the engine into Java arrays for {@link JavaDecoder}.
 * Linear weights are stored transposed, one array per input row ((in)[out]), so a matrix-vector
 * product is a run of {@code y += x[i] · row_i} updates: that inner loop has no reduction and C2
 * vectorises it, where a dot product per output (PyTorch's (out, in) layout) must add in order and
 * does not. Separate arrays matter: with offsets into one flat array C2 left the loop scalar (a
 * fifth of the speed, measured).
 * Missing biases (bias = false) are zero arrays, which changes no value.
 */
final class DecodeWeights {
  final int vocab;
  final int block;
  final int c;
  final int heads;
  final float[] wte; // (V, C): token embeddings, as stored
  final float[][] wteT; // (C)[V]: the tied output layer
  final float[] wpe; // (block, C)
  final Layer[] layers;
  final float[] lnFw;
  final float[] lnFb;

  /** One block's weights; {@code *W} are transposed to (in)[out]. */
  record Layer(float[] ln1w, float[] ln1b, float[][] attnW, float[] attnB, float[][] projW, float[] projB,
      float[] ln2w, float[] ln2b, float[][] fcW, float[] fcB, float[][] mlpProjW, float[] mlpProjB) {}

  private DecodeWeights(GptConfig config, Map<String, NDArray> p) {
    this.vocab = config.vocabSize();
    this.block = config.blockSize();
    this.c = config.nEmbd();
    this.heads = config.nHead();
    this.wte = p.get("transformer.wte.weight").toFloatArray();
    this.wteT = transpose(wte, vocab, c);
    this.wpe = p.get("transformer.wpe.weight").toFloatArray();
    this.layers = new Layer[config.nLayer()];
    for (int i = 0; i < layers.length; i++) {
      String n = "transformer.h." + i + ".";
      layers[i] = new Layer(
          get(p, n + "ln_1.weight", c), get(p, n + "ln_1.bias", c),
          linear(p, n + "attn.c_attn.weight", 3 * c, c), get(p, n + "attn.c_attn.bias", 3 * c),
          linear(p, n + "attn.c_proj.weight", c, c), get(p, n + "attn.c_proj.bias", c),
          get(p, n + "ln_2.weight", c), get(p, n + "ln_2.bias", c),
          linear(p, n + "mlp.c_fc.weight", 4 * c, c), get(p, n + "mlp.c_fc.bias", 4 * c),
          linear(p, n + "mlp.c_proj.weight", c, 4 * c), get(p, n + "mlp.c_proj.bias", c));
    }
    this.lnFw = get(p, "transformer.ln_f.weight", c);
    this.lnFb = get(p, "transformer.ln_f.bias", c);
  }

  /** A snapshot of the model's current weights (later training does not change it). */
  static DecodeWeights of(Gpt gpt) {
    return new DecodeWeights(gpt.config(), gpt.params().trainable());
  }

  private static float[] get(Map<String, NDArray> p, String name, int n) {
    NDArray a = p.get(name);
    return a == null ? new float[n] : a.toFloatArray();
  }

  /** nn.Linear's weight (out, in) as (in)[out]. */
  private static float[][] linear(Map<String, NDArray> p, String name, int out, int in) {
    return transpose(p.get(name).toFloatArray(), out, in);
  }

  /** (rows, cols) row-major → (cols)[rows]. */
  static float[][] transpose(float[] a, int rows, int cols) {
    float[][] t = new float[cols][rows];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        t[k][r] = a[r * cols + k];
      }
    }
    return t;
  }
}
