package dev.fabrica.neural.tabular;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained CTGAN. Each row's conditional vector is a category drawn by the true frequencies of a
 * random categorical column, or, with {@code --where} on a categorical column, that category for
 * every row (the generator was trained to honour it). Rows that miss a condition are drawn again
 * ({@link WhereRows}), so every returned row matches; numbers have no conditional input and are
 * honoured by that rejection alone. Noise and the categorical draws (argmax of logits plus Gumbel
 * noise) come from the Java generator of the seed; the generator's batch norm uses its running
 * statistics.
 */
public final class CtganModel implements TabularModel, AutoCloseable {
  static final int CHUNK = 1000;

  private final DataTransformer transformer;
  private final Ctgan gan;
  private final CondSampler sampler;
  private final NDManager manager;

  CtganModel(DataTransformer transformer, Ctgan gan, CondSampler sampler, NDManager manager) {
    this.transformer = transformer;
    this.gan = gan;
    this.sampler = sampler;
    this.manager = manager;
  }

  @Override
  public String synthesizer() {
    return "ctgan";
  }

  @Override
  public Metadata metadata() {
    return transformer.metadata();
  }

  @Override
  public List<Object> categories(int column) {
    return transformer.categories(column);
  }

  @Override
  public List<Object[]> draw(int n, SplittableRandom rng, Map<String, String> where) {
    WhereRows conditions = new WhereRows(synthesizer(), transformer, where);
    if (conditions.isEmpty()) {
      List<Object[]> out = new ArrayList<>(n);
      while (out.size() < n) {
        out.addAll(generate(Math.min(CHUNK, n - out.size()), rng, null));
      }
      return out;
    }
    int[] fixed = null; // (column of the conditional vector, category): the first condition on one category
    for (WhereRows.Condition c : conditions.conditions()) {
      if (fixed == null && c.hits() != null && c.hits().length == 1) {
        for (int j = 0; j < sampler.columns(); j++) {
          DataTransformer.Segment s = sampler.segment(j);
          if (c.hits()[0] >= s.start() && c.hits()[0] < s.start() + s.size()) {
            fixed = new int[] {j, c.hits()[0] - s.start()};
          }
        }
      }
    }
    int[] cond = fixed;
    return conditions.draw(n, CHUNK, batch -> generate(batch, rng, cond));
  }

  private List<Object[]> generate(int n, SplittableRandom rng, int[] fixed) {
    int e = gan.config().embedding();
    int cw = sampler.width();
    float[] in = new float[n * (e + cw)];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < e; k++) {
        in[i * (e + cw) + k] = (float) rng.nextGaussian();
      }
      int[] c = fixed != null ? fixed : sampler.original(rng);
      if (c[0] >= 0) {
        in[i * (e + cw) + e + sampler.offset(c[0]) + c[1]] = 1;
      }
    }
    float[] v;
    try (NDManager scope = manager.newSubManager()) {
      NDArray raw = gan.generate(scope.create(in, new Shape(n, e + cw)), false);
      v = raw.toFloatArray();
    }
    int w = transformer.width();
    for (DataTransformer.Segment s : transformer.segments()) {
      for (int i = 0; i < n; i++) {
        int at = i * w + s.start();
        if (s.tanh()) {
          v[at] = (float) Math.tanh(v[at]);
        } else {
          for (int k = 0; k < s.size(); k++) {
            double u = Math.max(1e-12, rng.nextDouble());
            v[at + k] += (float) -Math.log(-Math.log(u)); // Gumbel: the argmax is a draw from the softmax
          }
        }
      }
    }
    return transformer.inverse(v, n, null, rng);
  }

  @Override
  public void save(Path dir) {
    Json.writeFile(dir.resolve("metadata.json"), metadata().toJson());
    Json.writeFile(dir.resolve("transformer.json"), transformer.toJson());
    Json.writeFile(dir.resolve(CONFIG), gan.config());
    Checkpoints.saveModel(dir, gan.params().toTensors(), Map.of());
  }

  @Override
  public void close() {
    gan.close();
    manager.close();
  }

  /** Fits the transformer and trains a CTGAN on {@code train} into {@code dir} (which must exist). */
  public static CtganModel train(Table train, Metadata meta, CtganConfig config, Path dir, int threads, Reporter rep) {
    return train(train, meta, config, dir, false, false, threads, rep).model(); // a stop would go unseen: no signal handler
  }

  /**
   * The same, or with {@code resume} continued from {@code dir/last} to {@code config}'s epochs in
   * the encoding the run holds ({@code meta} is then unused; {@code train} must be the same rows).
   * Ctrl-C or SIGTERM stops it with a checkpoint; the outcome says so.
   */
  public static TabularTraining.Result<CtganModel> train(Table train, Metadata meta, CtganConfig config, Path dir, boolean resume, int threads, Reporter rep) {
    return train(train, meta, config, dir, resume, true, threads, rep);
  }

  private static TabularTraining.Result<CtganModel> train(
      Table train, Metadata meta, CtganConfig config, Path dir, boolean resume, boolean signals, int threads, Reporter rep) {
    Torch.start(threads);
    DataTransformer tr = TabularTraining.transformer(train, meta, config.seed(), dir, resume, "ctgan");
    TabularTraining.config(dir.resolve(CONFIG), config, resume ? savedConfig(dir) : null, c -> c.withEpochs(config.epochs()));
    float[] data = tr.transform(train.rows(), new SplittableRandom(config.seed()));
    CondSampler sampler = new CondSampler(tr, data, train.size(), tr.width());
    NDManager manager = NDManager.newBaseManager();
    Ctgan gan = new Ctgan(config, tr.segments(), tr.width(), sampler.width(), manager);
    CtganTrainer trainer = new CtganTrainer(gan, data, train.size(), tr.width(), sampler);
    long steps = (long) config.epochs() * Math.max(1, train.size() / config.batch());
    long every = Math.min(steps, Math.max(50, steps / 10));
    TrainLoop.Outcome o = TabularTraining.loop(trainer, new LoopConfig(steps, every, null, config.seed()), dir, resume, signals, manager, rep);
    Torch.inferenceOnThisThread();
    CtganModel model = new CtganModel(tr, gan, sampler, manager);
    model.save(dir);
    return new TabularTraining.Result<>(model, o);
  }

  /** The model's config file in a run directory. */
  static final String CONFIG = "ctgan.json";

  private static CtganConfig savedConfig(Path dir) {
    Map<String, Object> saved = TabularTraining.read(dir.resolve(CONFIG), "ctgan");
    saved.putIfAbsent("discriminatorSteps", 1); // runs written before the setting existed trained with one
    return Json.MAPPER.convertValue(saved, CtganConfig.class);
  }

  /** Reads a ctgan run directory. */
  public static CtganModel load(Path dir) {
    Torch.start(0);
    DataTransformer tr = TabularTraining.savedTransformer(dir, "ctgan");
    CtganConfig config = savedConfig(dir);
    // the sampler needs only the categories' frequencies, which the transformer keeps
    CondSampler sampler = CondSampler.fromFrequencies(tr);
    NDManager manager = NDManager.newBaseManager();
    Ctgan gan = new Ctgan(config, tr.segments(), tr.width(), sampler.width(), manager);
    Path weights = dir.resolve(Checkpoints.MODEL);
    Torch.inferenceOnThisThread(); // before the in-place copy into tensors that require gradients: any thread, a Spark task's too
    gan.params().load(Safetensors.read(weights).tensors(), weights.toString());
    return new CtganModel(tr, gan, sampler, manager);
  }
}
