package dev.fabrica.neural.run;

import dev.fabrica.neural.train.TrainLoop;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) or SIGTERM (a scheduler, {@code timeout}, {@code kill}) during training: the
 * first asks the loop to checkpoint and stop after the current step, and the command exits
 * 128 + the signal's number (130, 143); a second exits at once (the last checkpoint is still whole:
 * they are renamed into place). Without a handler of its own, SIGTERM would run the JVM's shutdown
 * while libtorch is in the middle of a step, and the process died of SIGSEGV on the way out.
 */
public final class CtrlC implements AutoCloseable {
  private final Signal interrupt = new Signal("INT");
  private final Signal terminate = new Signal("TERM");
  private final SignalHandler previousInterrupt;
  private final SignalHandler previousTerminate;

  private CtrlC(TrainLoop loop) {
    boolean[] pressed = {false};
    SignalHandler handler = s -> {
      if (pressed[0]) {
        System.err.println("\nstopping now");
        Runtime.getRuntime().halt(128 + s.getNumber());
      }
      pressed[0] = true;
      String what = s.getName().equals("INT") ? "Ctrl-C" : "SIG" + s.getName();
      System.err.println("\n" + what + ": saving a checkpoint after this step (again to quit at once)");
      loop.requestStop(s.getNumber());
    };
    previousInterrupt = Signal.handle(interrupt, handler);
    previousTerminate = Signal.handle(terminate, handler);
  }

  /** Routes SIGINT and SIGTERM to {@code loop} until closed. */
  public static CtrlC install(TrainLoop loop) {
    return new CtrlC(loop);
  }

  @Override
  public void close() {
    Signal.handle(interrupt, previousInterrupt);
    Signal.handle(terminate, previousTerminate);
  }
}
