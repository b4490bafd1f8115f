package dev.larder.registry.errors;

/** A request names a project that is not registered. */
public class UnknownProjectException extends NotFoundException {
  public UnknownProjectException(String message) {
    super(message);
  }
}
