package dev.larder.registry.errors;

/** A request names a feature that is not registered. */
public class UnknownFeatureException extends NotFoundException {
  public UnknownFeatureException(String message) {
    super(message);
  }
}
