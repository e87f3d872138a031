package dev.fabrica.neural.gpt;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Hyperparameters of a GPT and of its training, with nanoGPT's names (snake case in JSON, as in
 * its {@code train.py}). {@code vocabSize} 0 means "not yet known": the tokenizer sets it with
 * {@link #withVocabSize} before a model is built. The learning rate warms up linearly for
 * {@code warmupIters} steps, then decays along a cosine to {@code minLr} at {@code lrDecayIters}.
 */
public record GptConfig(
    @JsonProperty("vocab_size") int vocabSize,
    @JsonProperty("block_size") int blockSize,
    @JsonProperty("n_layer") int nLayer,
    @JsonProperty("n_head") int nHead,
    @JsonProperty("n_embd") int nEmbd,
    @JsonProperty("dropout") double dropout,
    @JsonProperty("bias") boolean bias,
    @JsonProperty("batch_size") int batchSize,
    @JsonProperty("max_iters") int maxIters,
    @JsonProperty("learning_rate") double learningRate,
    @JsonProperty("min_lr") double minLr,
    @JsonProperty("warmup_iters") int warmupIters,
    @JsonProperty("lr_decay_iters") int lrDecayIters,
    @JsonProperty("weight_decay") double weightDecay,
    @JsonProperty("beta1") double beta1,
    @JsonProperty("beta2") double beta2,
    @JsonProperty("grad_clip") double gradClip,
    @JsonProperty("eval_interval") int evalInterval,
    @JsonProperty("eval_iters") int evalIters,
    @JsonProperty("seed") long seed) {

  public GptConfig {
    atLeast("vocab_size", vocabSize, 0);
    atLeast("block_size", blockSize, 1);
    atLeast("n_layer", nLayer, 1);
    atLeast("n_head", nHead, 1);
    atLeast("n_embd", nEmbd, 1);
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException("n_embd (" + nEmbd + ") must be a multiple of n_head (" + nHead + ")");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    atLeast("batch_size", batchSize, 1);
    atLeast("max_iters", maxIters, 1);
    positive("learning_rate", learningRate);
    if (!(minLr >= 0 && minLr <= learningRate)) {
      throw new IllegalArgumentException("min_lr must be in [0, learning_rate = " + learningRate + "], got " + minLr);
    }
    atLeast("warmup_iters", warmupIters, 0);
    if (lrDecayIters < warmupIters) {
      throw new IllegalArgumentException("lr_decay_iters (" + lrDecayIters + ") must not be below warmup_iters (" + warmupIters + ")");
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight_decay must not be negative, got " + weightDecay);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    if (!(gradClip >= 0)) {
      throw new IllegalArgumentException("grad_clip must not be negative (0 turns clipping off), got " + gradClip);
    }
    atLeast("eval_interval", evalInterval, 1);
    atLeast("eval_iters", evalIters, 1);
  }

  /** For tests: 2 layers, 2 heads, 32 wide, context 16, batch 8. */
  public static GptConfig tiny() {
    return new GptConfig(0, 16, 2, 2, 32, 0.0, true, 8, 200, 1e-3, 1e-4, 10, 200, 0.1, 0.9, 0.99, 1.0, 50, 4, 1);
  }

  /** nanoGPT's CPU configuration: 4 layers, 4 heads, 128 wide, context 64, batch 12, 2000 steps. */
  public static GptConfig baby() {
    return new GptConfig(0, 64, 4, 4, 128, 0.0, false, 12, 2000, 1e-3, 1e-4, 100, 2000, 0.1, 0.9, 0.99, 1.0, 250, 20, 1);
  }

  /** nanoGPT's shakespeare_char configuration: 6 layers, 6 heads, 384 wide, context 256, batch 64. */
  public static GptConfig small() {
    return new GptConfig(0, 256, 6, 6, 384, 0.2, false, 64, 5000, 1e-3, 1e-4, 100, 5000, 0.1, 0.9, 0.99, 1.0, 250, 200, 1);
  }

  /** The preset of this name: tiny, baby or small. */
  public static GptConfig preset(String name) {
    return switch (name) {
      case "tiny" -> tiny();
      case "baby" -> baby();
      case "small" -> small();
      default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected tiny, baby or small)");
    };
  }

  /** Size of each attention head. */
  public int headSize() {
    return nEmbd / nHead;
  }

  /**
   * The learning rate at {@code step} (0-based): linear warmup to {@code learningRate} over
   * {@code warmupIters} steps, half a cosine down to {@code minLr} at {@code lrDecayIters}, then
   * {@code minLr}.
   */
  public double learningRate(long step) {
    if (step < warmupIters) {
      return learningRate * (step + 1) / (warmupIters + 1);
    }
    if (step >= lrDecayIters) {
      return minLr;
    }
    double progress = (double) (step - warmupIters) / (lrDecayIters - warmupIters);
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress)); // 1 → 0
    return minLr + cosine * (learningRate - minLr);
  }

  public GptConfig withVocabSize(int v) {
    return new GptConfig(v, blockSize, nLayer, nHead, nEmbd, dropout, bias, batchSize, maxIters, learningRate, minLr,
        warmupIters, lrDecayIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed);
  }

  public GptConfig withDropout(double d) {
    return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, d, bias, batchSize, maxIters, learningRate, minLr,
        warmupIters, lrDecayIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed);
  }

  public GptConfig withSeed(long s) {
    return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, bias, batchSize, maxIters, learningRate, minLr,
        warmupIters, lrDecayIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, s);
  }

  /** The run length, with the cosine ending at the last step (as nanoGPT's CPU command sets it). */
  public GptConfig withMaxIters(int steps) {
    return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, bias, batchSize, steps, learningRate, minLr,
        Math.min(warmupIters, steps), steps, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed);
  }

  public GptConfig withSchedule(double lr, double min, int warmup, int decayIters) {
    return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, bias, batchSize, maxIters, lr, min,
        warmup, decayIters, weightDecay, beta1, beta2, gradClip, evalInterval, evalIters, seed);
  }

  public GptConfig withEval(int interval, int iters) {
    return new GptConfig(vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, bias, batchSize, maxIters, learningRate, minLr,
        warmupIters, lrDecayIters, weightDecay, beta1, beta2, gradClip, interval, iters, seed);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number, got " + value);
    }
  }
}
