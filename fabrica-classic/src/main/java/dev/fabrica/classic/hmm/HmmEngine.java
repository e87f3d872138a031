package dev.fabrica.classic.hmm;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import java.util.ServiceLoader;

/**
 * An engine other than this JVM that runs Baum-Welch's E-step (Spark, in the fabrica-spark module),
 * found with {@link ServiceLoader} when its jar is on the classpath.
 */
public interface HmmEngine {
  /** The name {@code --engine} takes, e.g. {@code spark}. */
  String name();

  /**
   * {@link HmmTrainer#fitBestOf(Sequences, HmmSpec, int, int)} with every E-step and score computed
   * by the engine over {@code data}: the same initialisations, iterations and M-steps, so the
   * log-likelihood history is the one-machine history to rounding.
   *
   * @param master where to run (for Spark a master URL), or null for the engine's default
   */
  HmmModel fitBestOf(HmmTrainer.Options options, Reporter reporter, Sequences data, HmmSpec spec, int restarts,
      int probe, String master);

  /** The engine called {@code name}, or a {@link BadInputException} saying how to get it. */
  static HmmEngine named(String name) {
    return dev.fabrica.core.Engines.named(HmmEngine.class, HmmEngine::name, name);
  }
}
