package dev.larder.registry.errors;

/** The root of every error Larder reports on purpose. Messages name the offending input. */
public class LarderException extends RuntimeException {
  public LarderException(String message) {
    super(message);
  }

  public LarderException(String message, Throwable cause) {
    super(message, cause);
  }
}
