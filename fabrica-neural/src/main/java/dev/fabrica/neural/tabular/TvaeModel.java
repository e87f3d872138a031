package dev.fabrica.neural.tabular;

import ai.djl.ndarray.NDManager;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.train.Checkpoints;
import dev.fabrica.neural.train.LoopConfig;
import dev.fabrica.neural.train.TrainLoop;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.meta.Metadata;
import dev.fabrica.tabular.transform.DataTransformer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained TVAE: z ~ N(0, I) (drawn in Java from the seed) through the decoder, each numerical
 * scalar given N(0, σ_j²) noise, each softmax segment its argmax, and the transformer's inverse.
 * {@code --where} keeps only matching rows (rejection, {@link WhereRows}: the decoder has no
 * conditional input); a run directory holds metadata.json, transformer.json, tvae.json and
 * model.safetensors.
 */
public final class TvaeModel implements TabularModel, AutoCloseable {
  private final DataTransformer transformer;
  private final Tvae tvae;
  private final NDManager manager;
  private final double[] sigmas;

  TvaeModel(DataTransformer transformer, Tvae tvae, NDManager manager) {
    this.transformer = transformer;
    this.tvae = tvae;
    this.manager = manager;
    float[] s = tvae.sigma().toFloatArray();
    this.sigmas = new double[transformer.continuousCount()];
    for (int i = 0; i < sigmas.length; i++) {
      sigmas[i] = s[i];
    }
  }

  @Override
  public String synthesizer() {
    return "tvae";
  }

  @Override
  public Metadata metadata() {
    return transformer.metadata();
  }

  @Override
  public List<Object> categories(int column) {
    return transformer.categories(column);
  }

  /** Rows drawn per round of rejection when conditioning. */
  static final int CHUNK = 4096;

  @Override
  public List<Object[]> draw(int n, SplittableRandom rng, Map<String, String> where) {
    WhereRows conditions = new WhereRows(synthesizer(), transformer, where);
    if (conditions.isEmpty()) {
      return n == 0 ? List.of() : generate(n, rng);
    }
    return conditions.draw(n, CHUNK, batch -> generate(batch, rng));
  }

  private List<Object[]> generate(int n, SplittableRandom rng) {
    int latent = tvae.config().latent();
    float[] z = new float[n * latent];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) rng.nextGaussian();
    }
    float[] v;
    try (NDManager scope = manager.newSubManager()) {
      v = tvae.generate(z, n, scope);
    }
    return transformer.inverse(v, n, sigmas, rng);
  }

  @Override
  public void save(Path dir) {
    Json.writeFile(dir.resolve("metadata.json"), metadata().toJson());
    Json.writeFile(dir.resolve("transformer.json"), transformer.toJson());
    Json.writeFile(dir.resolve(CONFIG), tvae.config());
    Checkpoints.saveModel(dir, tvae.params().toTensors(), Map.of());
  }

  @Override
  public void close() {
    tvae.close();
    manager.close();
  }

  /**
   * Fits the transformer and trains a TVAE on {@code train} into {@code dir} (which must exist):
   * metrics.jsonl, loss.png, last/ from the training loop, then the model files.
   */
  public static TvaeModel train(Table train, Metadata meta, TvaeConfig config, Path dir, int threads, Reporter rep) {
    return train(train, meta, config, dir, false, false, threads, rep).model(); // a stop would go unseen: no signal handler
  }

  /**
   * The same, or with {@code resume} continued from {@code dir/last} to {@code config}'s epochs in
   * the encoding the run holds ({@code meta} is then unused; {@code train} must be the same rows).
   * Ctrl-C or SIGTERM stops it with a checkpoint; the outcome says so.
   */
  public static TabularTraining.Result<TvaeModel> train(Table train, Metadata meta, TvaeConfig config, Path dir, boolean resume, int threads, Reporter rep) {
    return train(train, meta, config, dir, resume, true, threads, rep);
  }

  private static TabularTraining.Result<TvaeModel> train(
      Table train, Metadata meta, TvaeConfig config, Path dir, boolean resume, boolean signals, int threads, Reporter rep) {
    Torch.start(threads);
    DataTransformer tr = TabularTraining.transformer(train, meta, config.seed(), dir, resume, "tvae");
    TabularTraining.config(dir.resolve(CONFIG), config, resume ? savedConfig(dir) : null, c -> c.withEpochs(config.epochs()));
    float[] data = tr.transform(train.rows(), new SplittableRandom(config.seed()));
    NDManager manager = NDManager.newBaseManager();
    Tvae tvae = new Tvae(config, tr.segments(), tr.width(), tr.continuousCount(), manager);
    TvaeTrainer trainer = new TvaeTrainer(tvae, data, train.size(), tr.width());
    long steps = LoopConfig.stepsFor(config.epochs(), train.size(), Math.min(config.batch(), train.size()));
    // no held-out figure to evaluate: checkpoints (and a loss.png point) every tenth of the run, at
    // least 50 steps apart, since each one writes weights and optimizer state
    long every = Math.min(steps, Math.max(50, steps / 10));
    TrainLoop.Outcome o = TabularTraining.loop(trainer, new LoopConfig(steps, every, null, config.seed()), dir, resume, signals, manager, rep);
    TvaeModel model = new TvaeModel(tr, tvae, manager);
    model.save(dir);
    return new TabularTraining.Result<>(model, o);
  }

  /** The model's config file in a run directory. */
  static final String CONFIG = "tvae.json";

  private static TvaeConfig savedConfig(Path dir) {
    return Json.MAPPER.convertValue(TabularTraining.read(dir.resolve(CONFIG), "tvae"), TvaeConfig.class);
  }

  /** Reads a tvae run directory. */
  public static TvaeModel load(Path dir) {
    Torch.start(0);
    DataTransformer tr = TabularTraining.savedTransformer(dir, "tvae");
    TvaeConfig config = savedConfig(dir);
    NDManager manager = NDManager.newBaseManager();
    Tvae tvae = new Tvae(config, tr.segments(), tr.width(), tr.continuousCount(), manager);
    Path weights = dir.resolve(Checkpoints.MODEL);
    Torch.inferenceOnThisThread(); // before the in-place copy into tensors that require gradients: any thread, a Spark task's too
    tvae.params().load(Safetensors.read(weights).tensors(), weights.toString());
    return new TvaeModel(tr, tvae, manager);
  }
}
