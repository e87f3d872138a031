package dev.fabrica.neural.tabular;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Batches;
import dev.fabrica.neural.train.Trainable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains a {@link Tvae} on transformed rows with Adam, one shuffled mini-batch per step. */
public final class TvaeTrainer implements Trainable {
  private final Tvae tvae;
  private final float[] data;
  private final int rows;
  private final int width;
  private final Adam adam;
  private final Batches batches;

  /**
   * @param data transformed rows, (rows, width) row-major
   */
  public TvaeTrainer(Tvae tvae, float[] data, int rows, int width) {
    this.tvae = tvae;
    this.data = data;
    this.rows = rows;
    this.width = width;
    TvaeConfig c = tvae.config();
    this.adam = new Adam("adam", new Adam.Config(c.lr(), 0.9, 0.999, 1e-8, c.weightDecay()), tvae.params().trainable(), tvae.params().manager());
    this.batches = new Batches(rows, Math.min(c.batch(), rows), c.seed());
  }

  public Batches batches() {
    return batches;
  }

  @Override
  public Params params() {
    return tvae.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(adam);
  }

  NDArray batch(int[] idx, NDManager scope) {
    float[] b = new float[idx.length * width];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(data, idx[i] * width, b, i * width, width);
    }
    return scope.create(b, new Shape(idx.length, width));
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    NDArray x = batch(batches.at(step), scope);
    Params.zeroGrad(tvae.params().trainable());
    double recon;
    double kl;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList terms = tvae.loss(x);
      gc.backward(terms.get(0).add(terms.get(1)));
      recon = terms.get(0).getFloat();
      kl = terms.get(1).getFloat();
    }
    adam.step(adam.lr());
    tvae.clampSigma();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_loss", recon + kl);
    m.put("train_recon", recon);
    m.put("train_kl", kl);
    return m;
  }

  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    return Map.of();
  }

  @Override
  public long itemsPerStep() {
    return Math.min(tvae.config().batch(), rows);
  }

  @Override
  public String itemUnit() {
    return "rows";
  }
}
