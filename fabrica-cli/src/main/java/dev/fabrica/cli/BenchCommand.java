package dev.fabrica.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fabrica bench}: benchmarks that print one JSON object each; the subcommand names which. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run a benchmark and print one JSON object: the figures, the config, the machine's core count",
      "and the command that reproduces them."
    },
    subcommands = {BenchPrepCommand.class, BenchClassicCommand.class, BenchImagesCommand.class, BenchGptCommand.class, BenchServeCommand.class, BenchStyleCommand.class, BenchSparkCommand.class,
      dev.fabrica.cli.tabular.BenchTabularCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("fabrica bench: name a benchmark (prep, classic, images, gpt, serve, style, spark, tabular)");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.EXIT_BAD_INPUT;
  }
}
