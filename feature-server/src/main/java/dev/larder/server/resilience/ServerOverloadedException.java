package dev.larder.server.resilience;

import dev.larder.registry.errors.LarderException;

/** The server refused a call because it already runs as many as it may (load shedding). */
public class ServerOverloadedException extends LarderException {
  public ServerOverloadedException(String message) {
    super(message);
  }
}
