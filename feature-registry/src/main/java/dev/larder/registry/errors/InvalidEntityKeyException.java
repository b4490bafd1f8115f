package dev.larder.registry.errors;

/** Entity keys in a request are missing, mistyped or unexpected; the message names the join key. */
public class InvalidEntityKeyException extends InvalidArgumentException {
  public InvalidEntityKeyException(String message) {
    super(message);
  }
}
