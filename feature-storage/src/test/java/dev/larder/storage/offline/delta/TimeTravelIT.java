package dev.larder.storage.offline.delta;

import static dev.larder.testing.OfflineTables.customerRow;
import static dev.larder.testing.OfflineTables.customerView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.OfflineVersionNotFoundException;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TransactionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of earlier table versions, by number and by time. */
class TimeTravelIT {

  @TempDir Path root;

  private final FeatureView view = customerView("orders");
  private final OfflineRow a = customerRow("c1", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", 1);
  private final OfflineRow b = customerRow("c2", "2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z", 2);
  private final OfflineRow c = customerRow("c3", "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z", 3);
  private OfflineStore store;

  @BeforeEach
  void threeCommits() throws Exception {
    store = DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
    store.append(view, List.of(a), new TransactionId("job", 1));
    store.append(view, List.of(b), new TransactionId("job", 2));
    store.replaceRange(
        view,
        List.of(c),
        Instant.parse("2026-11-21T00:00:00Z"),
        Instant.parse("2026-11-23T00:00:00Z"),
        new TransactionId("backfill", 1));
    // Delta dates a version by its commit file's modification time: pin them to known instants.
    for (int v = 0; v < 3; v++) {
      Files.setLastModifiedTime(
          root.resolve("test/orders/v1/_delta_log/%020d.json".formatted(v)),
          FileTime.from(Instant.parse("2026-11-2%dT00:00:00Z".formatted(v + 1))));
    }
  }

  @Test
  void byVersion() {
    assertThat(store.snapshotAsOf(view, 0).read(ReadFilter.all())).containsExactly(a);
    assertThat(store.snapshotAsOf(view, 1).read(ReadFilter.all())).containsExactlyInAnyOrder(a, b);
    assertThat(store.snapshotAsOf(view, 2).read(ReadFilter.all())).containsExactlyInAnyOrder(a, c);
    assertThat(store.snapshotAsOf(view, 1).version()).isEqualTo(1);
    assertThat(store.snapshot(view).version()).isEqualTo(2);
  }

  @Test
  void byTimestamp() {
    assertThat(store.snapshotAsOf(view, Instant.parse("2026-11-21T00:00:00Z")).version()).isZero();
    assertThat(
            store.snapshotAsOf(view, Instant.parse("2026-11-22T12:00:00Z")).read(ReadFilter.all()))
        .containsExactlyInAnyOrder(a, b);
    assertThat(store.snapshotAsOf(view, Instant.parse("2030-01-01T00:00:00Z")).version())
        .isEqualTo(2);
  }

  @Test
  void versionsTheTableNeverHadAreNotFound() {
    assertThatThrownBy(() -> store.snapshotAsOf(view, 3))
        .isInstanceOf(OfflineVersionNotFoundException.class)
        .hasMessageContaining("version 3");
    assertThatThrownBy(() -> store.snapshotAsOf(view, Instant.parse("2026-11-20T00:00:00Z")))
        .isInstanceOf(OfflineVersionNotFoundException.class);
  }
}
