package dev.fabrica.core;

import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds an engine (prep, naive Bayes, HMM) by the name {@code --engine} gives. Engines other than
 * the embedded one are services on the classpath (META-INF/services), so a module that is not there
 * (fabrica-spark) is a clear error rather than a missing class.
 */
public final class Engines {
  private Engines() {}

  /** The {@code type} service whose {@code nameOf} is {@code name}, or a {@link BadInputException} saying how to get it. */
  public static <T> T named(Class<T> type, Function<T, String> nameOf, String name) {
    for (T e : ServiceLoader.load(type)) {
      if (nameOf.apply(e).equals(name)) {
        return e;
      }
    }
    if (!name.equals("spark")) {
      throw new BadInputException("--engine: unknown engine '" + name + "' (known: embedded, spark)");
    }
    throw new BadInputException("--engine spark: the Spark engine is not on the classpath"
        + " (it is the fabrica-spark jar: './fabrica' builds it and adds it with its lib/ for --engine spark;"
        + " or spark-submit fabrica-spark/target/fabrica-spark.jar)");
  }
}
