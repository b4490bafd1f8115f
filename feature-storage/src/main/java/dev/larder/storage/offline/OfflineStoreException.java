package dev.larder.storage.offline;

import dev.larder.registry.errors.LarderException;

/** The offline store could not do what was asked: a file or the table log could not be used. */
public class OfflineStoreException extends LarderException {
  public OfflineStoreException(String message) {
    super(message);
  }

  public OfflineStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
