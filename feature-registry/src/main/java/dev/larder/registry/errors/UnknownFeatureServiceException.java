package dev.larder.registry.errors;

/** A request names a feature service that is not registered. */
public class UnknownFeatureServiceException extends NotFoundException {
  public UnknownFeatureServiceException(String message) {
    super(message);
  }
}
