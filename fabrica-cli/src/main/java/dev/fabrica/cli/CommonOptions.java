package dev.fabrica.cli;

import dev.fabrica.core.Reporter;
import picocli.CommandLine.Option;

/** Options every subcommand takes: {@code --seed}, {@code --threads}, {@code -v}, {@code -q}. */
public final class CommonOptions {
  /** The seed used when neither the command nor the recipe gives one. */
  public static final long DEFAULT_SEED = 42;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed for every random choice (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DEFAULT_SEED)
  long seed = DEFAULT_SEED;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: the number of cores).")
  Integer threads;

  @Option(
      names = {"-v", "--verbose"},
      description = "Say more, and print stack traces of errors.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only results and errors: no progress.")
  boolean quiet;

  public long seed() {
    return seed;
  }

  public int threads() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--threads must be at least 1, got " + t);
    }
    return t;
  }

  public Reporter reporter() {
    Reporter.Level level =
        quiet ? Reporter.Level.QUIET : verbose ? Reporter.Level.VERBOSE : Reporter.Level.NORMAL;
    return Reporter.stderr(level);
  }
}
