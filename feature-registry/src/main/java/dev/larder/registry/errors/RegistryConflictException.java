package dev.larder.registry.errors;

/**
 * An apply lost a race: the project got a new revision after the plan was made. Nothing was
 * written; planning and applying again takes the other change into account.
 */
public class RegistryConflictException extends LarderException {
  public RegistryConflictException(String message) {
    super(message);
  }
}
