package dev.larder.storage.online;

import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.model.FeatureView;
import java.util.ArrayList;
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
   * @return a future of what happened to the rows; it fails with {@link
   *     dev.larder.registry.errors.InvalidArgumentException} (nothing written) when a row does not
   *     fit the view
   */
  default CompletableFuture<WriteSummary> write(FeatureView view, List<EntityRow> rows) {
    RowEncoder encoder = encoder(view);
    List<EncodedRow> encoded = new ArrayList<>(rows.size());
    try {
      for (int i = 0; i < rows.size(); i++) {
        encoded.add(encoder.encode(rows.get(i), i));
      }
    } catch (InvalidArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return writeEncoded(view, encoded);
  }

  /** Checks and encodes rows of one view version for {@link #writeEncoded}. */
  RowEncoder encoder(FeatureView view);

  /**
   * Writes rows from this store's {@link #encoder} for {@code view}, newest-wins as {@link #write}
   * does; rows past their expiry when this is called are counted as expired, not written.
   */
  CompletableFuture<WriteSummary> writeEncoded(FeatureView view, List<EncodedRow> rows);

  /** Releases connections. Pending operations may fail. */
  @Override
  void close();
}
