package dev.larder.server.serving;

import dev.larder.registry.errors.LarderException;

/** A push asks for a store this server does not write to. */
public class UnsupportedPushTargetException extends LarderException {
  public UnsupportedPushTargetException(String message) {
    super(message);
  }
}
