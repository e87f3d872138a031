package dev.fabrica.neural.run;

import dev.fabrica.neural.train.TrainLoop;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during training: the first press asks the loop to checkpoint and stop after the current
 * step; a second press exits at once (the last checkpoint is still whole: they are renamed into
 * place).
 */
final class CtrlC implements AutoCloseable {
  private final SignalHandler previous;
  private final Signal signal = new Signal("INT");

  private CtrlC(TrainLoop loop) {
    SignalHandler[] before = new SignalHandler[1];
    boolean[] pressed = {false};
    before[0] = Signal.handle(signal, s -> {
      if (pressed[0]) {
        System.err.println("\nstopping now");
        Runtime.getRuntime().halt(130);
      }
      pressed[0] = true;
      System.err.println("\nCtrl-C: saving a checkpoint after this step (press again to quit at once)");
      loop.requestStop();
    });
    previous = before[0];
  }

  static CtrlC install(TrainLoop loop) {
    return new CtrlC(loop);
  }

  @Override
  public void close() {
    Signal.handle(signal, previous);
  }
}
