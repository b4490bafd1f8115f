package dev.larder.registry.errors;

/** Columnar rows are malformed: unequal column lengths, too many rows, a mistyped column. */
public class InvalidRowsException extends InvalidArgumentException {
  public InvalidRowsException(String message) {
    super(message);
  }
}
