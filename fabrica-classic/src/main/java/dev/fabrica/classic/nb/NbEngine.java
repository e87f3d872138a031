package dev.fabrica.classic.nb;

import dev.fabrica.core.BadInputException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * An engine other than this JVM that fits Naive Bayes models (Spark, in the fabrica-spark module),
 * found with {@link ServiceLoader} when its jar is on the classpath.
 */
public interface NbEngine {
  /** The name {@code --engine} takes, e.g. {@code spark}. */
  String name();

  /**
   * Fits {@code config}'s model on a CSV with a header, as {@link NbModel#fit} on {@link
   * NbData#fromCsv} would: the same table, classes and statistics (Gaussian moments to rounding).
   * The model's provenance holds the source and the rows read.
   *
   * @param master where to run (for Spark a master URL), or null for the engine's default
   */
  NbModel fit(NbConfig config, Path csv, String labelColumn, String master);

  /**
   * Draws {@code n} rows from {@code model} into a directory of Parquet parts ({@code out} is a
   * URI the engine can write: {@code file://}, {@code hdfs://}, {@code s3a://}, or a plain path).
   * Part p holds rows [p·rowsPerPart, (p+1)·rowsPerPart) drawn with a seed derived from {@code seed}
   * and p, so the output does not depend on how many executors draw it.
   *
   * @return the number of parts written
   */
  long sample(NbModel model, long n, long seed, String classLabel, String out, int rowsPerPart, String master);

  /** The engine called {@code name}, or a {@link BadInputException} saying how to get it. */
  static NbEngine named(String name) {
    return dev.fabrica.core.Engines.named(NbEngine.class, NbEngine::name, name);
  }
}
