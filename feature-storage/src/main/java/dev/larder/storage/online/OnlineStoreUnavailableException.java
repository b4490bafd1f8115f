package dev.larder.storage.online;

import dev.larder.registry.errors.LarderException;

/** The online store could not answer: connection lost, timed out, or refused the command. */
public class OnlineStoreUnavailableException extends LarderException {
  public OnlineStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
