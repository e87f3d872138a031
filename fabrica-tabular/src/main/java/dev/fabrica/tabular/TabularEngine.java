package dev.fabrica.tabular;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * An engine other than this JVM that samples tabular models in bulk (Spark, in the fabrica-spark
 * module), found with {@link ServiceLoader} when its jar is on the classpath.
 */
public interface TabularEngine {
  /** The name {@code --engine} takes, e.g. {@code spark}. */
  String name();

  /** The synthesizers ({@link TabularModel#synthesizer}) whose runs this engine samples. */
  Set<String> synthesizers();

  /**
   * Draws {@code n} rows from {@code model} into a directory of Parquet parts ({@code out} is a
   * URI the engine can write: {@code file://}, {@code hdfs://}, {@code s3a://}, or a plain path).
   * Part p holds rows [p·rowsPerPart, (p+1)·rowsPerPart): {@link TabularModel#rows} with a seed
   * derived from {@code seed} and p and ids numbered from p·rowsPerPart + 1, so the output does not
   * depend on how many executors draw it, and part 0 is what {@link TabularModel#sample} draws
   * with {@code seed}.
   *
   * @param where columns fixed to a value, as {@code --where} gives them
   * @param master where to run (for Spark a master URL), or null for the engine's default
   * @return the number of parts written
   */
  long sample(TabularModel model, long n, long seed, Map<String, String> where, String out, int rowsPerPart, String master);

  /** The engine called {@code name}, or a {@link dev.fabrica.core.BadInputException} saying how to get it. */
  static TabularEngine named(String name) {
    return dev.fabrica.core.Engines.named(TabularEngine.class, TabularEngine::name, name);
  }
}
