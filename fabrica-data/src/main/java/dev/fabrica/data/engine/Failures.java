package dev.fabrica.data.engine;

import java.io.IOException;

/** Rethrowing a failure caught on another thread with its own type, for the engine's workers. */
final class Failures {
  private Failures() {}

  /** Throws {@code t} as it is when it is an I/O error, an unchecked exception or an error. */
  static void rethrow(Throwable t) throws IOException {
    if (t instanceof IOException io) {
      throw io;
    }
    rethrowUnchecked(t);
  }

  /** Throws an unchecked {@code t} as it is, anything else wrapped. */
  static void rethrowUnchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
