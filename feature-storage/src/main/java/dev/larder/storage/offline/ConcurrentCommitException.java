package dev.larder.storage.offline;

/**
 * Another writer committed a change that conflicts with this commit (the same partitions replaced,
 * the same transaction committed, the same files compacted). Nothing of this commit is visible;
 * retrying it with the same transaction id is safe.
 */
public class ConcurrentCommitException extends OfflineStoreException {
  public ConcurrentCommitException(String message, Throwable cause) {
    super(message, cause);
  }
}
