package dev.fabrica.data.engine;

import dev.fabrica.core.BadInputException;
import dev.fabrica.data.recipe.Recipe;
import java.util.ServiceLoader;

/**
 * An engine other than the embedded one that runs recipes (Spark, in the fabrica-spark module).
 * Engines are found with {@link ServiceLoader}, so a module that runs recipes never depends on
 * them: the engine's jar on the classpath is what makes it available.
 */
public interface PrepEngine {
  /** The name {@code --engine} takes, e.g. {@code spark}. */
  String name();

  /**
   * Runs {@code recipe}; its output equals the embedded engine's for the same recipe and seed.
   *
   * @param master where to run (for Spark a master URL such as {@code local[*]}), or null for the
   *     engine's default
   */
  PrepReport run(Recipe recipe, Pipeline.Options options, String master);

  /** The engine called {@code name}, or a {@link BadInputException} saying how to get it. */
  static PrepEngine named(String name) {
    return dev.fabrica.core.Engines.named(PrepEngine.class, PrepEngine::name, name);
  }
}
