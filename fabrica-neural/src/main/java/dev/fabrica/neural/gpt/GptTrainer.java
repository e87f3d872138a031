package dev.fabrica.neural.gpt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.neural.io.Tensor;
import dev.fabrica.neural.text.Tokenizer;
import java.nio.file.Path;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Trainable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link Gpt} as nanoGPT's train.py does: random windows of the training tokens, mean
 * cross-entropy of the next token, AdamW (decay on 2-D weights only), the warmup-cosine learning
 * rate of {@link GptConfig#learningRate}, gradients clipped to a global norm of
 * {@code grad_clip}; validation loss averaged over {@code eval_iters} fixed batches.
 */
public final class GptTrainer implements Trainable {
  private final Gpt gpt;
  private final int[] train;
  private final int[] val;
  private final double valTokensPerChar;
  private final Adam adam;
  private Tokenizer samples;

  /**
   * @param valTokensPerChar validation tokens per character, to report bits per character
   */
  public GptTrainer(Gpt gpt, int[] train, int[] val, double valTokensPerChar) {
    this.gpt = gpt;
    this.train = train;
    this.val = val;
    this.valTokensPerChar = valTokensPerChar;
    GptConfig c = gpt.config();
    Adam.Config ac = new Adam.Config(c.learningRate(), c.beta1(), c.beta2(), 1e-8, c.weightDecay());
    this.adam = new Adam("adam", ac, gpt.params().trainable(), gpt.params().manager());
  }

  /** Also writes {@code samples.txt} (three short texts from an empty prompt) after each evaluation. */
  public GptTrainer withSamples(Tokenizer tokenizer) {
    this.samples = tokenizer;
    return this;
  }

  @Override
  public void afterEvaluation(long step, Path runDir, NDManager scope) {
    if (samples == null) {
      return;
    }
    SamplingOptions o = SamplingOptions.defaults().withMaxTokens(100).withTemperature(0.8).withTopK(40).withSeed(gpt.config().seed());
    List<Sampler.Completion> texts = new Sampler(gpt, samples).generate(List.of("", "", ""), o, null);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      b.append("--- sample ").append(i + 1).append(" at step ").append(step).append(" ---\n").append(texts.get(i).text()).append('\n');
    }
    AtomicFiles.writeString(runDir.resolve("samples.txt"), b.toString());
  }

  public Gpt model() {
    return gpt;
  }

  @Override
  public Params params() {
    return gpt.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(adam);
  }

  @Override
  public Map<String, Tensor> checkpointTensors() {
    return gpt.checkpointTensors();
  }

  @Override
  public long itemsPerStep() {
    return (long) gpt.config().batchSize() * gpt.config().blockSize();
  }

  @Override
  public String itemUnit() {
    return "tok";
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    GptConfig c = gpt.config();
    NDList xy = batch(train, c.blockSize(), c.batchSize(), new SplittableRandom(mix(c.seed(), step)), scope);
    Params.zeroGrad(gpt.params().trainable());
    double loss;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l = crossEntropy(gpt.logits(xy.get(0), true), xy.get(1));
      gc.backward(l);
      loss = l.getFloat();
    }
    double norm = clipGradients(c.gradClip(), scope);
    adam.step(c.learningRate(step));
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("train_loss", loss);
    out.put("grad_norm", norm);
    out.put("lr", c.learningRate(step));
    return out;
  }

  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    GptConfig c = gpt.config();
    int block = Math.min(c.blockSize(), val.length - 1); // a short validation text gets shorter windows
    double sum = 0;
    for (int i = 0; i < c.evalIters(); i++) {
      try (NDManager s = scope.newSubManager()) {
        // the same batches at every evaluation, so successive figures differ only by the model
        NDList xy = batch(val, block, c.batchSize(), new SplittableRandom(mix(c.seed() ^ 0x5DEECE66DL, i)), s);
        sum += crossEntropy(gpt.logits(xy.get(0), false), xy.get(1)).getFloat();
      }
    }
    double loss = sum / c.evalIters();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("val_loss", loss);
    out.put("val_bpc", loss * valTokensPerChar / Math.log(2));
    return out;
  }

  /** Mean next-token cross-entropy in nats: logits (B, T, V), targets (B, T) → scalar. */
  public static NDArray crossEntropy(NDArray logits, NDArray targets) {
    long v = logits.getShape().get(2);
    long n = targets.getShape().size();
    NDArray logp = logits.reshape(n, v).logSoftmax(1); // (B·T, V)
    return logp.gather(targets.reshape(n, 1), 1).mean().neg(); // pick each target's log-probability
  }

  /**
   * {@code batch} windows of {@code block} tokens at random offsets, and the same windows shifted
   * by one (the targets).
   *
   * @return x (B, T) and y (B, T), int64
   */
  static NDList batch(int[] tokens, int block, int batch, SplittableRandom r, NDManager m) {
    long[] x = new long[batch * block];
    long[] y = new long[batch * block];
    for (int b = 0; b < batch; b++) {
      int off = r.nextInt(tokens.length - block);
      for (int t = 0; t < block; t++) {
        x[b * block + t] = tokens[off + t];
        y[b * block + t] = tokens[off + t + 1];
      }
    }
    Shape s = new Shape(batch, block);
    return new NDList(m.create(x, s), m.create(y, s));
  }

  /** Scales every gradient so their global L2 norm is at most {@code max} (0: no clipping); returns the norm before. */
  private double clipGradients(double max, NDManager scope) {
    NDArray total = null;
    List<NDArray> grads = new java.util.ArrayList<>();
    for (NDArray p : gpt.params().trainable().values()) {
      NDArray g = p.getGradient();
      g.attach(scope);
      grads.add(g);
      NDArray sq = g.square().sum();
      total = total == null ? sq : total.add(sq);
    }
    double norm = Math.sqrt(total.getFloat());
    if (max > 0 && norm > max) {
      float scale = (float) (max / (norm + 1e-6)); // torch.nn.utils.clip_grad_norm_'s factor
      for (NDArray g : grads) {
        g.muli(scale);
      }
    }
    return norm;
  }

  static long mix(long seed, long step) {
    return seed * 0x9E3779B97F4A7C15L + step;
  }
}
