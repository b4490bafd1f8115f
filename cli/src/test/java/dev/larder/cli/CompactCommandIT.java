package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.Registry;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.store.Registries;
import dev.larder.registry.testing.DefinitionFiles;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.testing.OfflineTables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code larder compact} against a real registry and Delta table. */
class CompactCommandIT {

  @TempDir Path dir;
  private String registryUrl;
  private OfflineStore offline;
  private FeatureView view;

  @BeforeEach
  void applyAndAppendSmallFiles() {
    registryUrl = "jdbc:sqlite:" + dir.resolve("registry.db");
    new DefinitionFiles(dir.resolve("repo"))
        .write(
            "shop.yaml",
            DefinitionFiles.BASE
                + """
                feature_views:
                  - name: customer_items
                    version: 1
                    entities: [customer]
                    source: orders
                    features:
                      - {name: items, type: INT32, column: items}
                """);
    assertThat(larder("apply", dir.resolve("repo").toString()).exit()).isZero();
    try (Registry r = Registries.open(registryUrl)) {
      view = r.project("shop").orElseThrow().project().view("customer_items");
    }
    offline =
        DeltaOfflineStores.open(
            DeltaOfflineStoreOptions.builder().root(dir.resolve("offline")).build());
    for (int i = 0; i < 5; i++) {
      offline.append(
          view,
          List.of(row("c" + i, "2026-11-20T0" + i + ":00:00Z", i)),
          new TransactionId("test", i));
    }
  }

  @Test
  void rewritesSmallFilesIntoOneWithTheSameRowsAndSaysSo() {
    OfflineSnapshot before = offline.snapshot(view);
    assertThat(before.fileCount()).isEqualTo(5);

    CliRun run =
        larder("compact", "customer_items", "--offline-root", dir.resolve("offline").toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "shop:customer_items@v1  5 files rewritten into 1 (5 rows), table version 5"
                + System.lineSeparator());
    OfflineSnapshot after = offline.snapshot(view);
    assertThat(after.fileCount()).isEqualTo(1);
    assertThat(after.read(ReadFilter.all()))
        .containsExactlyInAnyOrderElementsOf(before.read(ReadFilter.all()));

    assertThat(larder("compact", "--offline-root", dir.resolve("offline").toString()).out())
        .isEqualTo(
            "shop:customer_items@v1  nothing to compact (table version 5)"
                + System.lineSeparator());
  }

  @Test
  void refusesATargetSizeThatIsNotPositive() {
    CliRun run =
        larder(
            "compact",
            "--target-file-size-mb",
            "0",
            "--offline-root",
            dir.resolve("offline").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("larder: --target-file-size-mb must be positive, was 0");
  }

  private CliRun larder(String... args) {
    return CliRun.larder(registryUrl, args);
  }

  private static OfflineRow row(String customer, String t, int items) {
    long micros = OfflineTables.micros(t);
    return new OfflineRow(
        List.of(OfflineTables.str(customer)),
        micros,
        micros,
        List.of(Value.newBuilder().setInt32Val(items).build()));
  }
}
