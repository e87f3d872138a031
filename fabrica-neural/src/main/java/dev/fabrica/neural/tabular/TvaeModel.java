package dev.fabrica.neural.tabular;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.train.Checkpoints;
import dev.fabrica.neural.train.LoopConfig;
import dev.fabrica.neural.train.TrainLoop;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.Values;
import dev.fabrica.tabular.meta.ColumnKind;
import dev.fabrica.tabular.meta.ColumnMeta;
import dev.fabrica.tabular.meta.Metadata;
import dev.fabrica.tabular.transform.DataTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained TVAE: z ~ N(0, I) (drawn in Java from the seed) through the decoder, each numerical
 * scalar given N(0, σ_j²) noise, each softmax segment its argmax, and the transformer's inverse.
 * {@code --where} on categorical columns keeps only matching rows (rejection); a run directory
 * holds metadata.json, transformer.json, tvae.json and model.safetensors.
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

  /** Rows drawn per round of rejection when conditioning. */
  static final int CHUNK = 4096;

  @Override
  public List<Object[]> draw(int n, SplittableRandom rng, Map<String, String> where) {
    List<String> names = metadata().names();
    for (Map.Entry<String, String> w : where.entrySet()) {
      String at = "--where " + w.getKey() + "=" + w.getValue();
      int col = names.indexOf(w.getKey());
      if (col < 0) {
        throw new BadInputException(at + ": unknown column '" + w.getKey() + "' (columns: " + String.join(", ", names) + ")");
      }
      ColumnMeta m = metadata().columns().get(col);
      if (m.kind() != ColumnKind.CATEGORICAL && m.kind() != ColumnKind.BOOLEAN) {
        throw new BadInputException(at + ": a tvae run conditions on categorical or boolean columns only; '" + w.getKey() + "' is " + m.kind().id());
      }
      transformer.categoryIndexes(w.getKey(), w.getValue(), at); // the value must exist
    }
    List<Object[]> out = new ArrayList<>(n);
    long drawn = 0;
    while (out.size() < n) {
      int batch = where.isEmpty() ? n - out.size() : CHUNK;
      for (Object[] row : generate(batch, rng)) {
        drawn++;
        boolean ok = true;
        for (Map.Entry<String, String> w : where.entrySet()) {
          Object cell = row[names.indexOf(w.getKey())];
          ok &= Values.key(cell).equals(textKey(w.getValue()));
        }
        if (ok && out.size() < n) {
          out.add(row);
        }
      }
      if (!where.isEmpty() && drawn >= 100L * CHUNK && out.size() < n) {
        throw new BadInputException("--where " + where + ": only " + out.size() + " of " + drawn
            + " rows drawn by the tvae match; it rarely generates that value");
      }
    }
    return out;
  }

  private static String textKey(String text) {
    try {
      return Values.key(Double.parseDouble(text.strip()));
    } catch (NumberFormatException e) {
      return Values.key(text);
    }
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
    Json.writeFile(dir.resolve("tvae.json"), tvae.config());
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
    Torch.start(threads);
    DataTransformer tr = DataTransformer.fit(train, meta, config.seed());
    float[] data = tr.transform(train.rows(), new SplittableRandom(config.seed()));
    NDManager manager = NDManager.newBaseManager();
    Tvae tvae = new Tvae(config, tr.segments(), tr.width(), tr.continuousCount(), manager);
    TvaeTrainer trainer = new TvaeTrainer(tvae, data, train.size(), tr.width());
    long steps = LoopConfig.stepsFor(config.epochs(), train.size(), Math.min(config.batch(), train.size()));
    // no held-out figure to evaluate: checkpoints (and a loss.png point) every tenth of the run, at
    // least 50 steps apart, since each one writes weights and optimizer state
    long every = Math.min(steps, Math.max(50, steps / 10));
    new TrainLoop(new LoopConfig(steps, every, null, config.seed()), rep).run(trainer, dir, false, manager);
    TvaeModel model = new TvaeModel(tr, tvae, manager);
    model.save(dir);
    return model;
  }

  /** Reads a tvae run directory. */
  public static TvaeModel load(Path dir) {
    Torch.start(0);
    Metadata meta = Metadata.fromJson(read(dir.resolve("metadata.json")), dir.resolve("metadata.json").toString());
    DataTransformer tr = DataTransformer.fromJson(read(dir.resolve("transformer.json")), meta, dir.resolve("transformer.json").toString());
    TvaeConfig config = Json.MAPPER.convertValue(read(dir.resolve("tvae.json")), TvaeConfig.class);
    NDManager manager = NDManager.newBaseManager();
    Tvae tvae = new Tvae(config, tr.segments(), tr.width(), tr.continuousCount(), manager);
    Path weights = dir.resolve(Checkpoints.MODEL);
    tvae.params().load(Safetensors.read(weights).tensors(), weights.toString());
    Torch.inferenceOnThisThread();
    return new TvaeModel(tr, tvae, manager);
  }

  private static Map<String, Object> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": missing (not a tvae run directory?)");
    }
    try {
      return Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
  }
}
