package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
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
    view = ShopRegistry.apply(dir, registryUrl, ShopRegistry.CUSTOMER_ITEMS);
    offline =
        DeltaOfflineStores.open(
            DeltaOfflineStoreOptions.builder().root(dir.resolve("offline")).build());
    for (int i = 0; i < 5; i++) {
      offline.append(
          view,
          List.of(ShopRegistry.row("c" + i, "2026-11-20T0" + i + ":00:00Z", i)),
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
}
