package dev.fabrica.spark;

import dev.fabrica.data.engine.Pipeline;
import dev.fabrica.data.engine.PrepEngine;
import dev.fabrica.data.engine.PrepReport;
import dev.fabrica.data.recipe.Recipe;
import dev.fabrica.spark.prep.SparkPrep;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --engine spark}: found by {@link java.util.ServiceLoader} when this jar is on the
 * classpath. Starts a session for the command (or uses the one already running, e.g. under
 * spark-submit or in a test) and stops only a session it started.
 */
public final class SparkEngine implements PrepEngine {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public PrepReport run(Recipe recipe, Pipeline.Options options, String master) {
    boolean running = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.start(master, "fabrica prep " + recipe.file().getFileName());
    try {
      return SparkPrep.run(spark, recipe, options);
    } finally {
      if (!running) {
        spark.stop();
      }
    }
  }
}
