package dev.fabrica.neural.vae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.io.PngGrid;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Batches;
import dev.fabrica.neural.train.Trainable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Vae} with Adam on the summed −ELBO of each batch, as PyTorch's examples/vae does;
 * evaluates the test loss in nats per image, its two terms, and writes a sample grid.
 */
public final class VaeTrainer implements Trainable {
  private final Vae vae;
  private final Adam adam;
  private final ImageSet train;
  private final ImageSet test;
  private final Batches batches;

  public VaeTrainer(Vae vae, ImageSet train, ImageSet test) {
    this.vae = vae;
    this.train = train;
    this.test = test;
    this.adam = new Adam("adam", Adam.Config.of(vae.config().lr()), vae.params().trainable(), vae.params().manager());
    this.batches = new Batches(train.size(), vae.config().batch(), vae.config().seed());
  }

  public Batches batches() {
    return batches;
  }

  @Override
  public Params params() {
    return vae.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(adam);
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    int[] idx = batches.at(step);
    NDArray x = train.batch(idx, false, scope);
    double loss;
    Params.zeroGrad(vae.params().trainable());
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList terms = vae.loss(x, false);
      NDArray total = terms.get(0).add(terms.get(1));
      gc.backward(total);
      loss = total.getFloat() / idx.length;
    }
    adam.step(adam.lr());
    return Map.of("train_loss", loss);
  }

  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    return testLoss(test, vae, false, vae.config().seed(), scope);
  }

  /**
   * −ELBO on a whole image set, in nats per image, with its two terms ({@code _recon},
   * {@code _kl}); z sampled (as PyTorch's example reports it) unless {@code meanLatent}.
   */
  public static Map<String, Double> testLoss(ImageSet set, Vae vae, boolean meanLatent, long seed, NDManager scope) {
    Torch.seed(seed ^ 0x5DEECE66DL);
    double recon = 0;
    double kl = 0;
    int b = 500;
    for (int from = 0; from < set.size(); from += b) {
      try (NDManager s = scope.newSubManager()) {
        NDList t = vae.loss(set.batch(ImageSet.range(from, Math.min(set.size(), from + b)), false, s), meanLatent);
        recon += t.get(0).getFloat();
        kl += t.get(1).getFloat();
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    String p = meanLatent ? "test_mean_z" : "test";
    out.put(p + "_loss", (recon + kl) / set.size());
    out.put(p + "_recon", recon / set.size());
    out.put(p + "_kl", kl / set.size());
    return out;
  }

  @Override
  public void afterEvaluation(long step, Path runDir, NDManager scope) {
    Torch.seed(vae.config().seed() + 7);
    PngGrid.write(runDir.resolve("samples.png"), vae.sample(64, scope), 64, 1, 28, 28, 8, 0f, 1f, 2);
  }
}
