package dev.larder.server.resilience;

import dev.larder.registry.errors.LarderException;

/** The client's deadline had passed before the server started the call, so it was not done. */
public class DeadlineExpiredException extends LarderException {
  public DeadlineExpiredException(String message) {
    super(message);
  }
}
