package dev.fabrica.cli.model;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Json;
import dev.fabrica.core.StagedDirectory;
import dev.fabrica.core.Version;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run directory: {@code config.json} (which model, how it was trained, from what data, fabrica
 * version, seed) and {@code model.json} (the parameters). Written to a hidden sibling and renamed
 * into place, so a failed training never leaves half a run.
 */
public final class RunDir {
  private RunDir() {}

  /**
   * Writes a run: {@code writeModel} puts model.json into the staging directory it is given.
   *
   * @param config what goes into config.json; {@code model} (the model family) is required
   */
  public static void write(Path dir, boolean overwrite, Map<String, Object> config, Consumer<Path> writeModel) {
    if (!config.containsKey("model")) {
      throw new IllegalArgumentException("config.json needs a 'model' entry");
    }
    Map<String, Object> c = new LinkedHashMap<>(config);
    c.put("fabrica_version", Version.get());
    try (StagedDirectory staged = StagedDirectory.create(dir, overwrite)) {
      writeModel.accept(staged.path());
      Json.writeFile(staged.path().resolve("config.json"), c);
      staged.commit();
    }
  }

  /** Reads {@code dir/config.json}, or fails naming what is missing. */
  public static Map<String, Object> config(Path dir) {
    return dev.fabrica.core.RunConfig.read(dir);
  }

  /** The model family a run holds: {@code nb}, {@code hmm}. */
  public static String modelOf(Path dir) {
    Object m = config(dir).get("model");
    if (!(m instanceof String s)) {
      throw new BadInputException(dir.resolve("config.json") + ": no 'model' entry");
    }
    return s;
  }
}
