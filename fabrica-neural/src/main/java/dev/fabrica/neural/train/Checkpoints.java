package dev.fabrica.neural.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.StagedDirectory;
import dev.fabrica.neural.io.Safetensors;
import dev.fabrica.neural.io.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a run directory that training writes. {@code model.safetensors} holds the best
 * weights (what sample, eval and serve load); {@code last/} holds what resuming needs (weights,
 * optimizer moments, {@code state.json}) and is replaced as a whole, so the three files always
 * belong to the same step.
 */
public final class Checkpoints {
  public static final String MODEL = "model.safetensors";
  public static final String LAST = "last";

  /** Where a resumed run starts. */
  public record State(long step, double best, long bestStep, double elapsedSeconds, long seed) {}

  private Checkpoints() {}

  /** Writes the best weights ({@code model.params().toTensors()}), atomically. */
  public static void saveModel(Path runDir, Map<String, Tensor> weights, Map<String, String> metadata) {
    Safetensors.write(runDir.resolve(MODEL), weights, metadata);
  }

  /** Replaces {@code last/} with the weights, optimizer state and loop state of now. */
  public static void saveLast(Path runDir, Map<String, Tensor> weights, Trainable model, State state) {
    try (StagedDirectory dir = StagedDirectory.create(runDir.resolve(LAST), true)) {
      Safetensors.write(dir.path().resolve(MODEL), weights, Map.of("step", Long.toString(state.step())));
      Map<String, Tensor> opt = new LinkedHashMap<>();
      for (Adam a : model.optimizers()) {
        opt.putAll(a.state());
      }
      Safetensors.write(dir.path().resolve("optimizer.safetensors"), opt, Map.of("step", Long.toString(state.step())));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("step", state.step());
      json.put("best", Double.isFinite(state.best()) ? state.best() : null);
      json.put("best_step", state.bestStep());
      json.put("elapsed_seconds", state.elapsedSeconds());
      json.put("seed", state.seed());
      json.put("rng", "derived: the engine is reseeded from (seed, step) before every step; batches from (seed, epoch)");
      AtomicFiles.writeString(dir.path().resolve("state.json"), Json.pretty(json));
      dir.commit();
    }
  }

  /** Loads {@code last/} into the model and returns the loop state. */
  public static State resume(Path runDir, Trainable model) {
    Path last = runDir.resolve(LAST);
    Path stateFile = last.resolve("state.json");
    if (!Files.isRegularFile(stateFile)) {
      throw new BadInputException("cannot resume: " + stateFile + " does not exist (was the run trained by fabrica?)");
    }
    try {
      JsonNode s = Json.MAPPER.readTree(stateFile.toFile());
      Path weights = last.resolve(MODEL);
      model.params().load(Safetensors.read(weights).tensors(), weights.toString());
      Path optFile = last.resolve("optimizer.safetensors");
      Map<String, Tensor> opt = Safetensors.read(optFile).tensors();
      for (Adam a : model.optimizers()) {
        a.load(opt, optFile.toString());
      }
      JsonNode best = s.get("best");
      return new State(
          s.get("step").asLong(),
          best == null || best.isNull() ? Double.POSITIVE_INFINITY : best.asDouble(),
          s.path("best_step").asLong(-1),
          s.path("elapsed_seconds").asDouble(),
          s.path("seed").asLong());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stateFile, e);
    }
  }
}
