package dev.fabrica.neural.train;

/**
 * Training produced a loss that is not a finite number. The step's weights are not saved: the run
 * directory keeps its last good checkpoint, from which {@code --resume} (perhaps with a lower
 * learning rate) continues.
 */
public final class DivergedException extends RuntimeException {
  public DivergedException(String message) {
    super(message);
  }
}
