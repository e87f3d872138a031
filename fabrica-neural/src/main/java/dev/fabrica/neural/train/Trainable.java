package dev.fabrica.neural.train;

import ai.djl.ndarray.NDManager;
import dev.fabrica.neural.nn.Params;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A model the {@link TrainLoop} can train: its tensors, its optimizers, one step, an evaluation. */
public interface Trainable {
  /** Every tensor saved in a checkpoint. */
  Params params();

  /** The optimizers, whose state a checkpoint keeps (a GAN has two). */
  List<Adam> optimizers();

  /**
   * One optimisation step. Arrays made here belong to {@code scope}, which closes after the step.
   * The batch must depend only on {@code step} and the model's seed, so a resumed run sees the
   * same batches as an uninterrupted one.
   *
   * @return named training losses for this step; the first is shown on the progress bar
   */
  Map<String, Double> trainStep(long step, NDManager scope);

  /** Figures on held-out data (written to metrics.jsonl); empty when the model has none. */
  Map<String, Double> evaluate(NDManager scope);

  /**
   * Items one step consumes (tokens for a language model, 0 when not worth showing); the progress
   * bar shows their rate.
   */
  default long itemsPerStep() {
    return 0;
  }

  /** Name of those items on the progress bar ("tok"). */
  default String itemUnit() {
    return "items";
  }

  /** The weights a checkpoint holds; a model may add tensors a reference loader expects (tied copies). */
  default Map<String, dev.fabrica.neural.io.Tensor> checkpointTensors() {
    return params().toTensors();
  }

  /** Called after each evaluation, with the run directory: a sample grid, say. */
  default void afterEvaluation(long step, Path runDir, NDManager scope) {}
}
