package dev.fabrica.neural.t2i;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fabrica.neural.gan.Gan;
import dev.fabrica.neural.nn.Params;

/**
 * A text-to-image model: the {@link PromptEncoder} reads a prompt as a distribution over the
 * captions' concepts, and a conditional {@link Gan} (projection discriminator) draws from that
 * distribution. Its tensors: the GAN's {@code g.*} and {@code d.*}, the encoder's {@code t.*}.
 */
public final class T2i implements AutoCloseable {
  private final T2iConfig config;
  private final Captions captions;
  private final Params params;
  private final Gan gan;
  private final PromptEncoder encoder;

  /**
   * The truncation ψ that prompts are drawn with by default (sample, serve, eval): z from N(0,
   * 0.49 I). A prompt asks for its concept, and at ψ = 1 one image in seven was ambiguous to the
   * metrics classifier; 0.7 trades a third of the within-class variety for that (docs/benchmarks.md,
   * docs/design-notes.md). {@code --psi 1} samples the model as trained.
   */
  public static final double DEFAULT_PSI = 0.7;

  public T2i(T2iConfig config, Captions captions, NDManager manager) {
    this.config = config;
    this.captions = captions;
    this.params = new Params(manager, config.seed());
    this.gan = new Gan(config.gan(captions.concepts().size()), params);
    this.encoder = new PromptEncoder(PromptEncoder.vocabulary(captions), captions.concepts(), config.textDim(), params);
  }

  public T2iConfig config() {
    return config;
  }

  public Captions captions() {
    return captions;
  }

  public Params params() {
    return params;
  }

  public Gan gan() {
    return gan;
  }

  public PromptEncoder encoder() {
    return encoder;
  }

  /**
   * {@code n} images in [-1, 1] for conditions (n·K) (one-hot classes or prompt readings), z from
   * the engine's RNG, the generator in inference mode.
   */
  public float[] sample(float[] conditions, int n, NDManager scope) {
    return sample(conditions, n, 1.0, scope);
  }

  /** {@link #sample(float[], int, NDManager)} with z from N(0, ψ²I): the truncation ψ. */
  public float[] sample(float[] conditions, int n, double psi, NDManager scope) {
    int k = captions.concepts().size();
    NDArray z = scope.randomNormal(0f, (float) psi, new Shape(n, config.zDim()), ai.djl.ndarray.types.DataType.FLOAT32);
    NDArray c = scope.create(conditions, new Shape(n, k));
    return gan.generateFrom(z, c, false).toFloatArray();
  }

  /** {@code n} copies of one distribution over the concepts, (n·K). */
  public static float[] repeat(float[] probs, int n) {
    float[] out = new float[n * probs.length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(probs, 0, out, i * probs.length, probs.length);
    }
    return out;
  }

  /** One-hot rows of these classes, (n·K). */
  public float[] oneHot(int[] classes) {
    int k = captions.concepts().size();
    float[] out = new float[classes.length * k];
    for (int i = 0; i < classes.length; i++) {
      out[i * k + classes[i]] = 1f;
    }
    return out;
  }

  @Override
  public void close() {
    params.close();
  }
}
