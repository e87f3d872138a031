package dev.fabrica.neural.classify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.nn.Losses;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Batches;
import dev.fabrica.neural.train.Trainable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains the {@link Classifier} with Adam on cross-entropy; evaluates test loss and accuracy. */
public final class ClassifierTrainer implements Trainable {
  private final Classifier model;
  private final ImageSet train;
  private final ImageSet test;
  private final Adam adam;
  private final Batches batches;

  public ClassifierTrainer(Classifier model, ImageSet train, ImageSet test, int batch, double lr, long seed) {
    this.model = model;
    this.train = train;
    this.test = test;
    this.adam = new Adam("adam", Adam.Config.of(lr), model.params().trainable(), model.params().manager());
    this.batches = new Batches(train.size(), batch, seed);
  }

  public Batches batches() {
    return batches;
  }

  @Override
  public Params params() {
    return model.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(adam);
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    int[] idx = batches.at(step);
    NDArray x = train.batch(idx, false, scope);
    NDArray y = train.labels(idx, scope);
    double loss;
    Params.zeroGrad(model.params().trainable());
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l = Losses.crossEntropy(model.forward(x).get(1), y);
      gc.backward(l);
      loss = l.getFloat();
    }
    adam.step(adam.lr());
    return Map.of("train_loss", loss);
  }

  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    return accuracy(model, test, scope);
  }

  /** Mean cross-entropy and accuracy of the classifier on a whole image set. */
  public static Map<String, Double> accuracy(Classifier model, ImageSet set, NDManager scope) {
    double loss = 0;
    long correct = 0;
    int b = 500;
    for (int from = 0; from < set.size(); from += b) {
      int[] idx = ImageSet.range(from, Math.min(set.size(), from + b));
      try (NDManager s = scope.newSubManager()) {
        NDArray logits = model.forward(set.batch(idx, false, s)).get(1);
        NDArray y = set.labels(idx, s);
        loss += Losses.crossEntropy(logits, y).getFloat() * idx.length;
        correct += logits.argMax(1).eq(y).sum().getLong();
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("test_loss", loss / set.size());
    out.put("test_accuracy", (double) correct / set.size());
    return out;
  }
}
