package dev.larder.storage.offline.delta;

import static dev.larder.testing.OfflineTables.customerRow;
import static dev.larder.testing.OfflineTables.customerView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TransactionId;
import dev.larder.testing.DeltaKernelReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction rewrites small files into bigger ones and changes no data. */
class CompactionIT {

  @TempDir Path root;

  private final FeatureView view = customerView("orders");

  private OfflineStore open() {
    return DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
  }

  @Test
  void compactionKeepsTheRowsAndReducesTheFiles() throws Exception {
    OfflineStore store = open();
    List<OfflineRow> all = new ArrayList<>();
    for (int checkpoint = 1; checkpoint <= 12; checkpoint++) {
      List<OfflineRow> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String day = i % 2 == 0 ? "2026-11-22" : "2026-11-23";
        batch.add(
            customerRow(
                "c" + (i % 7),
                day + "T10:%02d:%02dZ".formatted(checkpoint, i),
                "2026-11-23T12:00:00Z",
                checkpoint * 100L + i));
      }
      store.append(view, batch, new TransactionId("stream", checkpoint));
      all.addAll(batch);
    }
    OfflineSnapshot before = store.snapshot(view);
    assertThat(before.fileCount()).isEqualTo(24);

    CommitSummary compaction = store.compact(view, 64L * 1024 * 1024);

    assertThat(compaction.committed()).isTrue();
    assertThat(compaction.filesRemoved()).isEqualTo(24);
    assertThat(compaction.filesAdded()).isEqualTo(2);
    assertThat(compaction.rowsAdded()).isEqualTo(all.size());
    OfflineSnapshot after = open().snapshot(view); // a fresh store reloads the log and its stats
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.fileCount()).isEqualTo(2);
    assertThat(after.rowCount()).isEqualTo(all.size());
    assertThat(after.read(ReadFilter.all())).containsExactlyInAnyOrderElementsOf(all);
    assertThat(before.read(ReadFilter.all())).containsExactlyInAnyOrderElementsOf(all);
    assertThat(DeltaKernelReader.readAll(root.resolve("test/orders/v1").toString()))
        .hasSize(all.size());
    String commit =
        Files.readString(
            root.resolve("test/orders/v1/_delta_log/%020d.json".formatted(after.version())));
    assertThat(commit).contains("\"dataChange\":false").doesNotContain("\"dataChange\":true");
  }

  @Test
  void nothingToCompactIsNoCommit() {
    OfflineStore store = open();
    assertThat(store.compact(view, 1024)).isEqualTo(CommitSummary.unchanged(-1));
    store.append(
        view,
        List.of(customerRow("c1", "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z", 1)),
        new TransactionId("job", 1));

    assertThat(store.compact(view, 64L * 1024 * 1024)).isEqualTo(CommitSummary.unchanged(0));
  }

  @Test
  void filesAtTheTargetSizeAreLeftAlone() {
    OfflineStore store = open();
    for (int checkpoint = 1; checkpoint <= 3; checkpoint++) {
      store.append(
          view,
          List.of(
              customerRow(
                  "c1", "2026-11-22T10:00:0%dZ".formatted(checkpoint), "2026-11-22T10:00:00Z", 1)),
          new TransactionId("job", checkpoint));
    }

    assertThat(store.compact(view, 10).committed()).isFalse(); // every file is over 10 bytes
  }
}
