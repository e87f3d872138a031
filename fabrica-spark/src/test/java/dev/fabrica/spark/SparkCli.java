package dev.fabrica.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** The command line run in this JVM, and the part files a Spark write leaves, for the sampler tests. */
public final class SparkCli {
  private SparkCli() {}

  /** Runs {@code fabrica args}, checks its exit code, and returns what it printed (stdout, then stderr). */
  public static String cli(int expected, String... args) {
    CommandLine cl = dev.fabrica.cli.Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(args)).as(err.toString()).isEqualTo(expected);
    return out + err.toString();
  }

  /** The Parquet part files of a directory Spark wrote, in name order (part 0 first). */
  public static List<Path> partFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-") && p.toString().endsWith(".parquet"))
          .sorted().toList();
    }
  }
}
