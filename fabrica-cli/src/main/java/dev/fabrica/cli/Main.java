package dev.fabrica.cli;

import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Version;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code fabrica}. Exit codes: 0 success, 2 bad input or usage, 1 internal failure.
 * Errors print one line; {@code -v} adds the stack trace.
 */
@Command(
    name = "fabrica",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Generative AI on the JVM: prepare data, train generative models, sample, measure, serve.",
    subcommands = {
      CommandLine.HelpCommand.class,
      PrepCommand.class,
      dev.fabrica.cli.model.TrainCommand.class,
      dev.fabrica.cli.model.SampleCommand.class,
      dev.fabrica.cli.model.EvalCommand.class,
      dev.fabrica.cli.neural.ChatCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      BenchCommand.class,
    })
public final class Main {
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_FAILURE = 1;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: tests drive it through {@link CommandLine#execute}. */
  public static CommandLine commandLine() {
    return configure(new CommandLine(new Main()));
  }

  /** Sets fabrica's error handling and exit codes on a command line ({@link SubmitMain} has its own). */
  static CommandLine configure(CommandLine cl) {
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_BAD_INPUT : EXIT_FAILURE);
    return cl;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean verbose = parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("-v"))
        || parsed.hasMatchedOption("-v");
    int code;
    String message;
    if (e instanceof BadInputException) {
      code = EXIT_BAD_INPUT;
      message = e.getMessage();
    } else if (e instanceof dev.fabrica.neural.train.DivergedException) {
      code = EXIT_FAILURE;
      message = e.getMessage();
    } else if (e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException n) {
      code = EXIT_BAD_INPUT;
      message = "no such file: " + n.getFile();
    } else if (e instanceof NoSuchFileException n) {
      code = EXIT_BAD_INPUT;
      message = "no such file: " + n.getFile();
    } else {
      code = EXIT_FAILURE;
      message = "internal error: " + e + (verbose ? "" : " (run with -v for the stack trace)");
    }
    err.println("fabrica: " + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** Reports the version from the build. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "fabrica " + Version.get(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
