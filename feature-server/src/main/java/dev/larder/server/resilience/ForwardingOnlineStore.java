package dev.larder.server.resilience;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.EncodedRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowEncoder;
import dev.larder.storage.online.WriteSummary;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An online store in front of another: writes and closing pass through; reads are its own.
 *
 * @param <S> what the store behind this one is
 */
abstract class ForwardingOnlineStore<S extends OnlineStore> implements ServingStore {

  /** The store behind this one. */
  final S store;

  ForwardingOnlineStore(S store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public RowEncoder encoder(FeatureView view) {
    return store.encoder(view);
  }

  @Override
  public CompletableFuture<WriteSummary> writeEncoded(FeatureView view, List<EncodedRow> rows) {
    return store.writeEncoded(view, rows);
  }

  /** Closes the store behind this one. */
  @Override
  public void close() {
    store.close();
  }
}
