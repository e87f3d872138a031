package dev.fabrica.core;

/**
 * The user's input is wrong: a file, a recipe key, an option or a value. The message is one line
 * that names the place at fault (file and line/column, recipe key or option); the CLI prints it
 * and exits with code 2.
 */
public class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
