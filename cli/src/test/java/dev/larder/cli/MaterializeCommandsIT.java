package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.Registry;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.store.Registries;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** materialize and materialize-incremental against a real registry, Delta tables and Redis. */
class MaterializeCommandsIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;
  private String registryUrl;
  private Path offlineRoot;
  private FeatureView view;

  @BeforeEach
  void applyAndWriteRows() {
    REDIS.flushAll();
    registryUrl = "jdbc:sqlite:" + dir.resolve("registry.db");
    offlineRoot = dir.resolve("offline");
    view = ShopRegistry.apply(dir, registryUrl, ShopRegistry.CUSTOMER_ITEMS);
    OfflineStore offline =
        DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(offlineRoot).build());
    offline.append(
        view,
        List.of(
            ShopRegistry.row("c1", "2026-11-20T08:00:00Z", 1),
            ShopRegistry.row("c1", "2026-11-20T09:00:00Z", 2),
            ShopRegistry.row("c2", "2026-11-21T08:00:00Z", 3)),
        new TransactionId("test", 1));
  }

  private CliRun larder(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--registry-url", registryUrl));
    if (args[0].startsWith("materialize")) {
      all.addAll(List.of("--redis-url", REDIS.uri(), "--offline-root", offlineRoot.toString()));
    }
    return CliRun.of(all.toArray(String[]::new));
  }

  private Integer items(String customer) throws Exception {
    return ShopRegistry.items(REDIS.uri(), view, customer);
  }

  @Test
  void materializeWritesTheNewestRowsOfTheRangeAndPrintsAndRecordsThem() throws Exception {
    CliRun run =
        larder("materialize", "--start", "2026-11-20", "--end", "2026-11-21", "customer_items@v1");

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("shop:customer_items@v1  [2026-11-20T00:00:00Z, 2026-11-21T00:00:00Z)")
        .contains("delta v0  read 2  entities 1  written 1 (older 0, expired 0)")
        .contains("rows/s");
    assertThat(items("c1")).isEqualTo(2);
    assertThat(items("c2")).isNull();
    try (Registry r = Registries.open(registryUrl)) {
      assertThat(r.materializations("shop", "customer_items", 1))
          .extracting(MaterializedInterval::end, MaterializedInterval::rowsWritten)
          .containsExactly(tuple(Instant.parse("2026-11-21T00:00:00Z"), 1L));
    }
  }

  @Test
  void incrementalPicksUpFromTheRecordedEndForEveryViewWhenNoneIsNamed() throws Exception {
    larder("materialize", "--start", "2026-11-20", "--end", "2026-11-21");

    CliRun run = larder("materialize-incremental", "--end", "2026-11-22T00:00:00Z");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("shop:customer_items@v1  [2026-11-21T00:00:00Z, 2026-11-22T00:00:00Z)")
        .contains("read 1  entities 1  written 1");
    assertThat(items("c2")).isEqualTo(3);
    assertThat(larder("materialize-incremental", "--end", "2026-11-22").out())
        .contains("shop:customer_items@v1  up to date");
  }

  @Test
  void anUnknownViewFailsWithOneLineNamingIt() {
    CliRun run = larder("materialize", "--start", "2026-11-20", "--end", "2026-11-21", "nope");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("larder: ").contains("nope");
  }
}
