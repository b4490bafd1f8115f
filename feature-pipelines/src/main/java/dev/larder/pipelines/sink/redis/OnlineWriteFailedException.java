package dev.larder.pipelines.sink.redis;

import dev.larder.registry.errors.LarderException;

/** A chunk of rows could not be written to the online store, or not in time. */
public final class OnlineWriteFailedException extends LarderException {
  public OnlineWriteFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
