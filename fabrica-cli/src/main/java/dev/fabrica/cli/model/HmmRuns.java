package dev.fabrica.cli.model;

import dev.fabrica.core.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** Sampling and scoring of HMM runs; filled in when the HMM lands. */
final class HmmRuns {
  private HmmRuns() {}

  static int sample(Path run, int n, int length, long seed, Path out, PrintWriter printer) {
    throw new BadInputException(run + ": HMM runs are not supported by this build yet");
  }

  static Map<String, Object> eval(Path run, Path data) {
    throw new BadInputException(run + ": HMM runs are not supported by this build yet");
  }
}
