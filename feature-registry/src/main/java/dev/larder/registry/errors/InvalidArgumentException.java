package dev.larder.registry.errors;

/** A request is malformed: a field is missing, mistyped or out of bounds; the message names it. */
public class InvalidArgumentException extends LarderException {
  public InvalidArgumentException(String message) {
    super(message);
  }
}
