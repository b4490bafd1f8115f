package dev.larder.storage.online;

import dev.larder.registry.model.FeatureView;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The online store: the newest feature row of each (feature view version, entity).
 *
 * <p>Implementations are thread-safe and non-blocking: every method returns at once and completes
 * its future from the store's I/O threads, so callers must not block in the completion stage.
 * Failures complete the future exceptionally with {@link OnlineStoreUnavailableException}.
 */
public interface OnlineStore extends AutoCloseable {

  /**
   * Reads the rows of the given keys in one round trip to the store, whatever the number of keys.
   *
   * @return one entry per key, in key order, in its stored form (see {@link StoredRow#decode()} for
   *     objects); an entry is null when the store holds no row for it, or holds one in a format
   *     this version cannot read (logged)
   */
  CompletableFuture<List<StoredRow>> read(List<RowKey> keys);

  /**
   * Writes rows of one view version newest-wins: a row is stored only if its event time (then its
   * created time) is newer than the stored row's; the comparison runs inside the store, so
   * concurrent writers, replays and out-of-order batches can never make a stored row older. Rows
   * already past {@code event time + ttl + grace} are not written. Writes are pipelined.
   *
   * @param rows rows whose values are in {@code view.features()} order
   */
  CompletableFuture<WriteSummary> write(FeatureView view, List<EntityRow> rows);

  /** Releases connections. Pending operations may fail. */
  @Override
  void close();
}
