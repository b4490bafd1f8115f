package dev.larder.pipelines.materialize;

import dev.larder.registry.Registry;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.store.Registries;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import dev.larder.testing.OfflineTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real stores for materialization tests: Delta tables in a folder, a Redis server, a SQLite
 * registry, all on one fixed clock.
 */
final class MaterializationFixture implements AutoCloseable {

  /**
   * The fixed clock's time: the real time when the tests start, because Redis expires keys by its
   * own clock.
   */
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final OfflineStore offline;
  final OnlineStore online;
  final Registry registry;
  private long txn;

  MaterializationFixture(Path dir, String redisUri) {
    offline =
        DeltaOfflineStores.open(
            DeltaOfflineStoreOptions.builder().root(dir.resolve("offline")).build());
    online =
        RedisOnlineStores.connect(
            RedisOnlineStoreOptions.builder().redisUri(redisUri).clock(clock).build());
    registry = Registries.open("jdbc:sqlite:" + dir.resolve("registry.db"), clock);
  }

  Materializer materializer(MaterializerSettings settings) {
    return new Materializer(offline, online, settings, clock);
  }

  void append(FeatureView view, OfflineRow... rows) {
    offline.append(view, List.of(rows), new TransactionId("test", ++txn));
  }

  /** The value of feature f0 Redis holds for a customer, or null when it holds no row. */
  Long onlineValue(FeatureView view, String customer) throws Exception {
    StoredRow row = storedRow(view, customer);
    return row == null ? null : row.decode().values().get(0).getInt64Val();
  }

  OnlineRow onlineRow(FeatureView view, String customer) throws Exception {
    StoredRow row = storedRow(view, customer);
    return row == null ? null : row.decode();
  }

  private StoredRow storedRow(FeatureView view, String customer) throws Exception {
    return online
        .read(List.of(new RowKey(view, List.of(OfflineTables.str(customer)))))
        .get(10, TimeUnit.SECONDS)
        .get(0);
  }

  @Override
  public void close() {
    online.close();
    registry.close();
  }
}
