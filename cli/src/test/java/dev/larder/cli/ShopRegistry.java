package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.Registry;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.store.Registries;
import dev.larder.registry.testing.DefinitionFiles;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import dev.larder.testing.OfflineTables;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code shop} project of the CLI tests, applied with {@code larder apply}: its {@code
 * customer_items} view (one INT32 feature {@code items} per customer) and rows for it.
 */
final class ShopRegistry {

  /** {@code customer_items@v1} without a ttl. */
  static final String CUSTOMER_ITEMS =
      """
      feature_views:
        - name: customer_items
          version: 1
          entities: [customer]
          source: orders
          features:
            - {name: items, type: INT32, column: items}
      """;

  private ShopRegistry() {}

  /**
   * Writes the definitions (the shared base plus {@code definitions}) under {@code dir/repo},
   * applies them to the registry and returns {@code customer_items}.
   */
  static FeatureView apply(Path dir, String registryUrl, String definitions) {
    new DefinitionFiles(dir.resolve("repo")).write("shop.yaml", DefinitionFiles.BASE + definitions);
    assertThat(CliRun.larder(registryUrl, "apply", dir.resolve("repo").toString()).exit()).isZero();
    try (Registry r = Registries.open(registryUrl)) {
      return r.project("shop").orElseThrow().project().view("customer_items");
    }
  }

  /** A {@code customer_items} row created when it happened. */
  static OfflineRow row(String customer, String time, int items) {
    long micros = OfflineTables.micros(time);
    return new OfflineRow(
        List.of(OfflineTables.str(customer)),
        micros,
        micros,
        List.of(Value.newBuilder().setInt32Val(items).build()));
  }

  /** The {@code items} value Redis holds for the customer, or null when it holds no row. */
  static Integer items(String redisUri, FeatureView view, String customer) throws Exception {
    try (OnlineStore online =
        RedisOnlineStores.connect(RedisOnlineStoreOptions.builder().redisUri(redisUri).build())) {
      StoredRow row =
          online
              .read(List.of(new RowKey(view, List.of(OfflineTables.str(customer)))))
              .get(10, TimeUnit.SECONDS)
              .get(0);
      return row == null ? null : row.decode().values().get(0).getInt32Val();
    }
  }
}
