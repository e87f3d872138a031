package dev.fabrica.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every benchmark reports about the machine and the JVM it ran on. */
final class BenchMachine {
  private BenchMachine() {}

  /** Current resident set size of this process in MiB ({@code VmRSS}), or null off Linux. */
  static Double rssMib() {
    return status("VmRSS:");
  }

  /** Peak resident set size of this process in MiB ({@code VmHWM}), or null off Linux. */
  static Double peakRssMib() {
    return status("VmHWM:");
  }

  /** A kB figure of /proc/self/status in MiB, or null off Linux. */
  private static Double status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return round(kib / 1024.0, 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** The machine: cores, JVM max heap, Java and OS versions. */
  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("jvm_max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return m;
  }

  /** {@code java [JVM options] -jar fabrica-cli/target/fabrica.jar} followed by {@code args}. */
  static String command(List<String> args) {
    StringBuilder sb = new StringBuilder("java");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-X") || a.startsWith("-D") && !a.startsWith("-Dfile.encoding")) {
        sb.append(' ').append(a);
      }
    }
    sb.append(" -jar fabrica-cli/target/fabrica.jar");
    for (String a : args) {
      sb.append(' ').append(a);
    }
    return sb.toString();
  }

  static double round(double v, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(v * scale) / scale;
  }
}
