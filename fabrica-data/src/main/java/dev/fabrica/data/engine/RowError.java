package dev.fabrica.data.engine;

import dev.fabrica.core.BadInputException;

/**
 * A step's complaint about one row's data, e.g. {@code column feature1: 'abc' is not a number}. The
 * engine prefixes the input file and the row's line before it reaches the user.
 */
public class RowError extends BadInputException {
  public RowError(String message) {
    super(message);
  }
}
