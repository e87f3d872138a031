package dev.fabrica.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the jar that {@code spark-submit} runs (fabrica-spark's {@code
 * fabrica-spark-submit.jar}): the commands that run on Spark, {@code prep}, {@code train nb},
 * {@code train hmm} and {@code sample}, with {@link Main}'s error handling and exit codes. The jar
 * leaves out the neural-network libraries (DJL, libtorch), so their commands are not offered.
 */
@Command(
    name = "fabrica",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "fabrica on Apache Spark (spark-submit): prepare data, fit naive Bayes and HMMs, generate rows.",
    subcommands = {
      CommandLine.HelpCommand.class,
      PrepCommand.class,
      SubmitMain.Train.class,
      dev.fabrica.cli.model.SampleCommand.class,
    })
public final class SubmitMain {
  /** {@code train nb} and {@code train hmm}, the models whose fitting runs on Spark. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "Fit a model on Spark into a run directory (config.json + model.json).",
      subcommands = {dev.fabrica.cli.model.TrainNbCommand.class, dev.fabrica.cli.model.TrainHmmCommand.class})
  static final class Train {}

  private SubmitMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, as {@link Main#commandLine()} but with the Spark commands only. */
  public static CommandLine commandLine() {
    return Main.configure(new CommandLine(new SubmitMain()));
  }
}
