package dev.fabrica.spark;

import dev.fabrica.core.BadInputException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starting the Spark session a command runs on. {@code local[*]} (or {@code local[N]}) runs Spark in
 * this JVM and needs nothing beyond the jar; {@code spark://host:port} reaches a standalone cluster.
 * Under {@code spark-submit} the master is already set, and the running session is used.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The session for {@code master}: the one spark-submit configured when {@code master} is null and
   * {@code spark.master} is set, else a new one. Local sessions bind to loopback and have no web UI,
   * so they start offline and never take a port a user did not ask for.
   *
   * @param master a Spark master URL, or null for spark-submit's (local[*] when there is none)
   */
  public static SparkSession start(String master, String appName) {
    SparkConf conf = new SparkConf(true).setAppName(appName);
    String m = master != null ? master : conf.get("spark.master", "local[*]");
    boolean local = m.equals("local") || m.matches("local\\[(\\*|[1-9][0-9]*)(, *[0-9]+)?]");
    if (!local && !m.startsWith("spark://") && !m.equals("yarn") && !m.startsWith("k8s://")) {
      throw new BadInputException("--master: expected local[*], local[N], spark://host:port, yarn or k8s://..., got '" + m + "'");
    }
    conf.setMaster(m);
    if (local) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    if (!local && !conf.contains("spark.jars")) {
      // a driver started by ./fabrica (not spark-submit) ships its own jar to the executors
      ownJar().ifPresent(jar -> conf.set("spark.jars", jar));
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The fabrica-spark jar this class was loaded from, when it was loaded from a jar. */
  static java.util.Optional<String> ownJar() {
    try {
      java.security.CodeSource src = SparkSessions.class.getProtectionDomain().getCodeSource();
      if (src != null && src.getLocation().getPath().endsWith(".jar")) {
        return java.util.Optional.of(java.nio.file.Path.of(src.getLocation().toURI()).toString());
      }
    } catch (java.net.URISyntaxException | SecurityException e) {
      // not a file: nothing to ship
    }
    return java.util.Optional.empty();
  }
}
