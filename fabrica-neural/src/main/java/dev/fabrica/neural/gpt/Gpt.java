package dev.fabrica.neural.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.fabrica.neural.io.Tensor;
import dev.fabrica.neural.nn.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoder-only transformer as in GPT-2 and nanoGPT: token plus position embeddings, pre-LayerNorm
 * blocks of multi-head causal self-attention and a GELU MLP 4× wide, a final LayerNorm, and output
 * logits through the token embedding (tied weights). Tensor names are nanoGPT's state_dict names
 * ({@code transformer.h.0.attn.c_attn.weight}), so a checkpoint loads into its PyTorch module.
 */
public final class Gpt implements AutoCloseable {
  private static final float LN_EPS = 1e-5f;
  private final GptConfig config;
  private final Params params;
  private final NDArray wte;
  private final NDArray wpe;
  private final Layer[] layers;
  private final NDArray lnFw;
  private final NDArray lnFb;
  private final NDArray zeros; // LayerNorm's shift when bias is off (the JNI call needs a tensor)

  private record Layer(
      NDArray ln1w, NDArray ln1b, NDArray attnW, NDArray attnB, NDArray projW, NDArray projB,
      NDArray ln2w, NDArray ln2b, NDArray fcW, NDArray fcB, NDArray mlpProjW, NDArray mlpProjB) {}

  /** A model with nanoGPT's initialisation: N(0, 0.02), residual projections N(0, 0.02/√(2·n_layer)), zero biases. */
  public Gpt(GptConfig config, NDManager manager) {
    if (config.vocabSize() < 1) {
      throw new IllegalArgumentException("vocab_size must be set (from the tokenizer) before building a model");
    }
    this.config = config;
    this.params = new Params(manager, config.seed());
    int c = config.nEmbd();
    double std = 0.02;
    double residualStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
    wte = params.normal("transformer.wte.weight", 0, std, config.vocabSize(), c);
    wpe = params.normal("transformer.wpe.weight", 0, std, config.blockSize(), c);
    layers = new Layer[config.nLayer()];
    for (int i = 0; i < layers.length; i++) {
      String p = "transformer.h." + i + ".";
      NDArray ln1w = params.constant(p + "ln_1.weight", 1, c);
      NDArray ln1b = bias(p + "ln_1.bias", c);
      NDArray attnW = params.normal(p + "attn.c_attn.weight", 0, std, 3L * c, c);
      NDArray attnB = bias(p + "attn.c_attn.bias", 3 * c);
      NDArray projW = params.normal(p + "attn.c_proj.weight", 0, residualStd, c, c);
      NDArray projB = bias(p + "attn.c_proj.bias", c);
      NDArray ln2w = params.constant(p + "ln_2.weight", 1, c);
      NDArray ln2b = bias(p + "ln_2.bias", c);
      NDArray fcW = params.normal(p + "mlp.c_fc.weight", 0, std, 4L * c, c);
      NDArray fcB = bias(p + "mlp.c_fc.bias", 4 * c);
      NDArray mlpProjW = params.normal(p + "mlp.c_proj.weight", 0, residualStd, c, 4L * c);
      NDArray mlpProjB = bias(p + "mlp.c_proj.bias", c);
      layers[i] = new Layer(ln1w, ln1b, attnW, attnB, projW, projB, ln2w, ln2b, fcW, fcB, mlpProjW, mlpProjB);
    }
    lnFw = params.constant("transformer.ln_f.weight", 1, c);
    lnFb = bias("transformer.ln_f.bias", c);
    zeros = params.manager().zeros(new Shape(c));
  }

  private NDArray bias(String name, int n) {
    return config.bias() ? params.constant(name, 0, n) : null;
  }

  public GptConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  /**
   * The tensors of a checkpoint: the parameters plus {@code lm_head.weight}, a copy of the tied
   * token embedding that nanoGPT's state_dict also holds, so PyTorch loads the file strictly.
   */
  public Map<String, Tensor> checkpointTensors() {
    Map<String, Tensor> out = new LinkedHashMap<>(params.toTensors());
    out.put("lm_head.weight", out.get("transformer.wte.weight"));
    return out;
  }

  /** Logits of every position of token ids {@code idx} (B, T), int64 → (B, T, vocab). */
  public NDArray logits(NDArray idx, boolean training) {
    return head(hidden(idx, null, null, training));
  }

  /**
   * The final hidden states of a forward pass.
   *
   * @param idx token ids (B, T), int64
   * @param positions position ids (B, T) or (T), int64; null for 0 … T−1
   * @param mask additive attention mask broadcastable to (B, n_head, T, T), 0 or a large negative
   *     number; null for plain causal attention
   * @return (B, T, n_embd), after the final LayerNorm
   */
  public NDArray hidden(NDArray idx, NDArray positions, NDArray mask, boolean training) {
    long b = idx.getShape().get(0);
    long t = idx.getShape().get(1);
    if (positions == null) {
      positions = idx.getManager().arange(0, (int) t, 1, DataType.INT64); // (T)
    }
    if (mask == null && t > 1) {
      mask = causalMask(idx.getManager(), (int) t); // (T, T)
    }
    NDArray tok = Embedding.embedding(idx, wte, SparseFormat.DENSE).singletonOrThrow(); // (B, T, C)
    NDArray pos = Embedding.embedding(positions, wpe, SparseFormat.DENSE).singletonOrThrow(); // (T, C) or (B, T, C)
    NDArray x = dropout(tok.add(pos), training);
    for (int i = 0; i < layers.length; i++) {
      Layer l = layers[i];
      x = x.add(attention(norm(x, l.ln1w, l.ln1b), l, mask, training, b, t));
      x = x.add(mlp(norm(x, l.ln2w, l.ln2b), l, training));
    }
    return norm(x, lnFw, lnFb);
  }

  /** Hidden states (…, C) → logits (…, vocab) through the tied token embedding. */
  public NDArray head(NDArray hidden) {
    return ai.djl.nn.core.Linear.linear(hidden, wte, null).singletonOrThrow();
  }

  private NDArray attention(NDArray x, Layer l, NDArray mask, boolean training, long b, long t) {
    int nh = config.nHead();
    int hs = config.headSize();
    int c = config.nEmbd();
    NDList qkv = linear(x, l.attnW, l.attnB).split(3, 2); // 3 × (B, T, C)
    NDArray q = heads(qkv.get(0), b, t, nh, hs); // (B, nh, T, hs)
    NDArray k = heads(qkv.get(1), b, t, nh, hs);
    NDArray v = heads(qkv.get(2), b, t, nh, hs);
    NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).muli((float) (1 / Math.sqrt(hs))); // (B, nh, T, T)
    if (mask != null) {
      att = att.add(mask);
    }
    att = dropout(att.softmax(-1), training);
    NDArray y = att.matMul(v); // (B, nh, T, hs)
    y = y.transpose(0, 2, 1, 3).reshape(b, t, c); // (B, T, C): heads side by side again
    return dropout(linear(y, l.projW, l.projB), training);
  }

  /** (B, T, C) → (B, nh, T, hs). */
  private static NDArray heads(NDArray x, long b, long t, int nh, int hs) {
    return x.reshape(b, t, nh, hs).transpose(0, 2, 1, 3);
  }

  private NDArray mlp(NDArray x, Layer l, boolean training) {
    NDArray h = Activation.gelu(linear(x, l.fcW, l.fcB)); // (B, T, 4C); exact erf GELU, as nn.GELU()
    return dropout(linear(h, l.mlpProjW, l.mlpProjB), training); // (B, T, C)
  }

  private NDArray norm(NDArray x, NDArray w, NDArray b) {
    return LayerNorm.layerNorm(x, new Shape(config.nEmbd()), w, b == null ? zeros : b, LN_EPS).singletonOrThrow();
  }

  private static NDArray linear(NDArray x, NDArray w, NDArray b) {
    return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
  }

  private NDArray dropout(NDArray x, boolean training) {
    return training && config.dropout() > 0 ? Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow() : x;
  }

  /** The additive causal mask (T, T): 0 where key ≤ query, {@link #MASKED} above the diagonal. */
  static NDArray causalMask(NDManager m, int t) {
    float[] v = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        v[i * t + j] = MASKED;
      }
    }
    return m.create(v, new Shape(t, t));
  }

  /**
   * A masked score: finite, so a row with every key masked (a padding query) gives a uniform
   * softmax instead of NaN, and far enough below any real score that exp() of it is exactly 0.
   */
  static final float MASKED = -1e9f;

  /** The last position's hidden state of each row: (B, T, C) → (B, C). */
  static NDArray last(NDArray hidden) {
    return hidden.get(new NDIndex(":, -1, :"));
  }

  @Override
  public void close() {
    params.close();
  }
}
