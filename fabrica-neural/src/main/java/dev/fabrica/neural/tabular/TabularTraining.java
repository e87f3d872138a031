package dev.fabrica.neural.tabular;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.run.CtrlC;
import dev.fabrica.neural.train.Checkpoints;
import dev.fabrica.neural.train.LoopConfig;
import dev.fabrica.neural.train.TrainLoop;
import dev.fabrica.neural.train.Trainable;
import dev.fabrica.tabular.Table;
import dev.fabrica.tabular.TabularModel;
import dev.fabrica.tabular.meta.Metadata;
import dev.fabrica.tabular.transform.DataTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What TVAE and CTGAN training share. The run directory gets its encoding (metadata.json,
 * transformer.json) and the model's config before the first step, so a stopped run loads and a
 * resumed one continues in the very encoding it started with; for a command, the loop runs under
 * {@link CtrlC}, which turns SIGINT and SIGTERM into a checkpoint in last/ and an early return.
 */
public final class TabularTraining {
  private TabularTraining() {}

  /** A trained model and how its training ended ({@link TrainLoop.Outcome#stopped}: by a signal). */
  public record Result<M extends TabularModel & AutoCloseable>(M model, TrainLoop.Outcome outcome) {}

  /** The transformer fitted on {@code train} and written into {@code dir}, or on resume the one the run holds. */
  static DataTransformer transformer(Table train, Metadata meta, long seed, Path dir, boolean resume, String kind) {
    if (resume) {
      return savedTransformer(dir, kind);
    }
    DataTransformer tr = DataTransformer.fit(train, meta, seed);
    Json.writeFile(dir.resolve("metadata.json"), tr.metadata().toJson());
    Json.writeFile(dir.resolve("transformer.json"), tr.toJson());
    return tr;
  }

  /** The transformer of a run directory of {@code kind} (tvae, ctgan), with its metadata. */
  static DataTransformer savedTransformer(Path dir, String kind) {
    Path metaFile = dir.resolve("metadata.json");
    Path trFile = dir.resolve("transformer.json");
    Metadata meta = Metadata.fromJson(read(metaFile, kind), metaFile.toString());
    return DataTransformer.fromJson(read(trFile, kind), meta, trFile.toString());
  }

  /**
   * Writes the model's config into {@code file}, after checking on resume that it is the
   * {@code saved} one but for the number of epochs, the one setting a resumed run may change
   * ({@code withNewEpochs} gives a config with {@code config}'s epochs).
   *
   * @param saved the run's config when resuming, else null
   */
  static <C> void config(Path file, C config, C saved, UnaryOperator<C> withNewEpochs) {
    if (saved != null && !withNewEpochs.apply(saved).equals(config)) {
      throw new BadInputException("--resume: " + file + " holds " + saved + "; a resumed run keeps every setting but the epochs, got " + config);
    }
    Json.writeFile(file, config);
  }

  /** Runs the loop, with {@code signals} Ctrl-C and SIGTERM wired to a checkpoint and a stop. */
  static TrainLoop.Outcome loop(Trainable trainer, LoopConfig config, Path dir, boolean resume, boolean signals, NDManager manager, Reporter rep) {
    Path state = dir.resolve(Checkpoints.LAST).resolve("state.json");
    if (resume && Files.isRegularFile(state)) { // without it the loop says it cannot resume
      long done = read(state, "resumable").getOrDefault("step", 0) instanceof Number n ? n.longValue() : 0;
      if (done >= config.steps()) {
        throw new BadInputException(String.format("--resume: %s has trained %,d steps already, and the epochs asked for make %,d;"
            + " pass more epochs to train on", dir, done, config.steps()));
      }
    }
    TrainLoop loop = new TrainLoop(config, rep);
    if (!signals) {
      return loop.run(trainer, dir, resume, manager);
    }
    try (CtrlC ignored = CtrlC.install(loop)) {
      return loop.run(trainer, dir, resume, manager);
    }
  }

  /** A JSON file of a run directory of {@code kind} (tvae, ctgan), or a clear error. */
  static Map<String, Object> read(Path file, String kind) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": missing (not a " + kind + " run directory?)");
    }
    try {
      return Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new BadInputException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
  }
}
