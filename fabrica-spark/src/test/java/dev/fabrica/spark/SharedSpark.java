package dev.fabrica.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for every test class of the module (a session takes seconds to start):
 * two threads and five partitions, so fits merge several parts and ranks continue across
 * partitions. Spark's own shutdown hook stops it when the test JVM exits; tests never stop it.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      System.setProperty("spark.default.parallelism", "5");
      try {
        session = SparkSessions.start("local[2]", "fabrica-tests");
      } finally {
        System.clearProperty("spark.default.parallelism");
      }
    }
    return session;
  }
}
