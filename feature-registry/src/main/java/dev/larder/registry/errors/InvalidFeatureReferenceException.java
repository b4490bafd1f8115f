package dev.larder.registry.errors;

/** A feature reference is not of the form {@code view:feature} or {@code view@vN:feature}. */
public class InvalidFeatureReferenceException extends InvalidArgumentException {
  public InvalidFeatureReferenceException(String reference, String problem) {
    super("invalid feature reference '" + reference + "': " + problem);
  }
}
