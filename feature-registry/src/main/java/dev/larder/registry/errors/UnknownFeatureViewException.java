package dev.larder.registry.errors;

/** A request names a feature view that is not registered. */
public class UnknownFeatureViewException extends NotFoundException {
  public UnknownFeatureViewException(String message) {
    super(message);
  }
}
