package dev.larder.storage.offline;

/** Time travel asked for a table version that the table does not have (or no longer has). */
public class OfflineVersionNotFoundException extends OfflineStoreException {
  public OfflineVersionNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
