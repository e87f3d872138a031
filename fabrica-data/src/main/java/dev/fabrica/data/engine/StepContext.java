package dev.fabrica.data.engine;

import dev.fabrica.core.Reporter;
import java.nio.file.Path;

/**
 * What a step may need from the run: the run's seed (a step's own {@code seed} option wins), the
 * directory relative paths in the recipe resolve against, where to put temporary files, and the
 * reporter.
 *
 * @param seed the run's seed ({@code --seed})
 * @param baseDir directory of the recipe file
 * @param tmpDir scratch space for spills
 * @param reporter progress and warnings
 */
public record StepContext(long seed, Path baseDir, Path tmpDir, Reporter reporter) {
  /** Resolves a path from the recipe against the recipe's directory. */
  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : baseDir.resolve(p);
  }
}
