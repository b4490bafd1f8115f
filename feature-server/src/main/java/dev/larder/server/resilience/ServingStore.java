package dev.larder.server.resilience;

import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The online store as the serving path reads it: a read is given the time its request reached the
 * server, so that the read's deadline counts the request's whole time in the server, not only the
 * time it waits for the store.
 */
public interface ServingStore extends OnlineStore {

  /**
   * Reads the rows of the keys like {@link OnlineStore#read}, answering by the store's deadline
   * counted from {@code receivedNanos}.
   *
   * @param receivedNanos when the request arrived, in {@link System#nanoTime()} units
   */
  CompletableFuture<List<StoredRow>> read(List<RowKey> keys, long receivedNanos);

  /** Reads with the deadline counted from now. */
  @Override
  default CompletableFuture<List<StoredRow>> read(List<RowKey> keys) {
    return read(keys, System.nanoTime());
  }
}
