package dev.fabrica.neural.t2i;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gan.GanTrainer;
import dev.fabrica.neural.image.ImageSet;
import dev.fabrica.neural.nn.Losses;
import dev.fabrica.neural.nn.Params;
import dev.fabrica.neural.train.Adam;
import dev.fabrica.neural.train.Batches;
import dev.fabrica.neural.train.Trainable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link T2i}. Each step draws, for every real image of the batch, one training caption
 * of its class (seeded by the step, so a resumed run sees the same ones), with each of the
 * caption's features dropped with the configured probability. The prompt encoder takes a
 * cross-entropy step on those captions; its reading of them (softmax, detached) is the condition of
 * a conditional-GAN step in the order of {@code GanTrainer}: the discriminator on the real and a
 * generated batch, then the generator through the updated discriminator.
 */
public final class T2iTrainer implements Trainable {
  private final T2i model;
  private final ImageSet train;
  private final String[][] byConcept;
  private final List<Captions.Caption> heldOut;
  private final Adam optG;
  private final Adam optD;
  private final Adam optT;
  private final Batches batches;
  private final Map<String, NDArray> gParams;
  private final Map<String, NDArray> dParams;
  private final Map<String, NDArray> tParams;

  public T2iTrainer(T2i model, ImageSet train) {
    this.model = model;
    this.train = train;
    if (!train.classes().equals(model.captions().concepts())) {
      throw new dev.fabrica.core.BadInputException("the captions' concepts " + model.captions().concepts()
          + " are not the image classes " + train.classes());
    }
    T2iConfig c = model.config();
    this.byConcept = model.captions().trainingByConcept();
    this.heldOut = model.captions().split(true);
    Adam.Config ac = Adam.Config.of(c.lr()).withBetas(c.beta1(), 0.999);
    gParams = model.params().trainable("g.");
    dParams = model.params().trainable("d.");
    tParams = model.params().trainable("t.");
    optG = new Adam("adam_g", ac, gParams, model.params().manager());
    optD = new Adam("adam_d", ac, dParams, model.params().manager());
    optT = new Adam("adam_t", Adam.Config.of(c.textLr()), tParams, model.params().manager());
    batches = new Batches(train.size(), c.batch(), c.seed());
  }

  @Override
  public Params params() {
    return model.params();
  }

  @Override
  public List<Adam> optimizers() {
    return List.of(optG, optD, optT);
  }

  @Override
  public Map<String, Double> trainStep(long step, NDManager scope) {
    int[] idx = batches.at(step);
    if (idx.length < 2) { // batch norm needs two examples
      return Map.of();
    }
    int[] labels = train.images().labels();
    SplittableRandom r = new SplittableRandom(model.config().seed() * 0x9E3779B97F4A7C15L + step);
    List<String> texts = new ArrayList<>(idx.length);
    for (int i : idx) {
      String[] options = byConcept[labels[i]];
      texts.add(options[r.nextInt(options.length)]);
    }
    PromptEncoder enc = model.encoder();
    NDArray bags = enc.bags(enc.featureRows(texts, model.config().featureDropout(), r), scope);
    NDArray y = train.labels(idx, scope);
    NDArray cond;
    double tLoss;
    Params.zeroGrad(tParams);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray logits = enc.logits(bags);
      NDArray loss = Losses.crossEntropy(logits, y);
      gc.backward(loss);
      tLoss = loss.getFloat();
      cond = logits.softmax(1).stopGradient();
    }
    optT.step(optT.lr());

    NDArray real = train.batch(idx, true, scope);
    NDArray z = scope.randomNormal(new Shape(idx.length, model.config().zDim()));
    Map<String, Double> out = new LinkedHashMap<>(GanTrainer.adversarialStep(model.gan(), real, z, cond, optD, optG, dParams, gParams));
    out.put("text_loss", tLoss);
    return out;
  }

  /** The prompt encoder's accuracy on the held-out captions (none: empty). */
  @Override
  public Map<String, Double> evaluate(NDManager scope) {
    if (heldOut.isEmpty()) {
      return Map.of();
    }
    int hits = 0;
    for (Captions.Caption c : heldOut) {
      hits += model.encoder().read(c.text(), scope).concept() == c.concept() ? 1 : 0;
    }
    return Map.of("text_accuracy_heldout", (double) hits / heldOut.size());
  }

  /** A grid with one row per concept, prompted by its first training caption, to samples.png and progress/. */
  @Override
  public void afterEvaluation(long step, Path runDir, NDManager scope) {
    Torch.seed(model.config().seed() + 11);
    int k = byConcept.length;
    int cols = 8;
    float[] cond = new float[k * cols * k];
    for (int c = 0; c < k; c++) {
      float[] p = model.encoder().read(byConcept[c][0], scope).probs();
      for (int j = 0; j < cols; j++) {
        System.arraycopy(p, 0, cond, (c * cols + j) * k, k);
      }
    }
    GanTrainer.writeGrids(runDir, step, model.sample(cond, k * cols, scope), k * cols, cols);
  }
}
