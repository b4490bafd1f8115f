package dev.larder.registry.errors;

/** The registry's database or service could not be reached or failed; the cause says why. */
public class RegistryUnavailableException extends LarderException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
