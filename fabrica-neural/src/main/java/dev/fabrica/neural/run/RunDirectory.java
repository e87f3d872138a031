package dev.fabrica.neural.run;

import dev.fabrica.core.AtomicFiles;
import dev.fabrica.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run directory of a training that is written in place (and so can be resumed). */
public final class RunDirectory {
  private RunDirectory() {}

  /**
   * Creates an empty run directory {@code out} for a new training: an existing one is an error
   * unless {@code overwrite}, which deletes it first.
   */
  public static void fresh(Path out, boolean overwrite) {
    if (Files.exists(out)) {
      if (!overwrite) {
        throw new BadInputException("run directory " + out + " already exists (pass --overwrite to replace it, or --resume to continue it)");
      }
      AtomicFiles.deleteRecursively(out);
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new BadInputException("cannot create the run directory " + out + ": " + e.getMessage());
    }
  }
}
