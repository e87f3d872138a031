package dev.fabrica.core;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The {@code config.json} of a run directory, which every model family writes. */
public final class RunConfig {
  private RunConfig() {}

  /** Reads {@code dir/config.json}, or fails naming what is missing or malformed. */
  public static Map<String, Object> read(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(dir + " is not a run directory (no config.json): train one with 'fabrica train'");
    }
    try {
      return Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new BadInputException(file + ": " + e.getMessage());
    }
  }
}
