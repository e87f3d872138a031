package dev.fabrica.data.recipe;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed recipe: an input, ordered steps, an output. Engine-neutral: it names what to do, not how
 * (the embedded engine and, later, a Spark engine both run it).
 *
 * @param file the recipe file (relative paths in it resolve against its directory)
 * @param input the {@code input} block: {@code path}, optional {@code format}, format options
 * @param steps the {@code steps}, in order
 * @param output the {@code output} block: {@code dir}, {@code formats}
 */
public record Recipe(Path file, Params input, List<StepSpec> steps, Params output) {
  /** The directory relative paths resolve against. */
  public Path baseDir() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".").toAbsolutePath() : parent;
  }

  /**
   * One entry of {@code steps}.
   *
   * @param name step name ({@code dedupe}, {@code split}, ...)
   * @param params its options; {@code params.where()} is e.g. {@code recipe.yaml: steps[2].split}
   * @param index 0-based position
   */
  public record StepSpec(String name, Params params, int index) {}
}
