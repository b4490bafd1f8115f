package dev.larder.registry.errors;

/** Something a request names (a project, view, feature, service) does not exist. */
public class NotFoundException extends LarderException {
  public NotFoundException(String message) {
    super(message);
  }
}
