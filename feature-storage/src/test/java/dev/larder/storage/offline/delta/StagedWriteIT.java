package dev.larder.storage.offline.delta;

import static dev.larder.testing.OfflineTables.customerRow;
import static dev.larder.testing.OfflineTables.customerView;
import static dev.larder.testing.OfflineTables.i64;
import static dev.larder.testing.OfflineTables.micros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.StagedWriter;
import dev.larder.storage.offline.TransactionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows staged into files by parallel writers land in one commit, and only then. */
class StagedWriteIT {

  @TempDir Path root;

  private final FeatureView view = customerView("orders");

  private OfflineStore open() {
    return DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
  }

  /** One row per day from 2026-01-01 for {@code days} days, customer c{day % 7}. */
  private static List<OfflineRow> daily(int days, int valueBase) {
    List<OfflineRow> rows = new ArrayList<>();
    Instant first = Instant.parse("2026-01-01T12:00:00Z");
    for (int d = 0; d < days; d++) {
      String t = first.plusSeconds(86_400L * d).toString();
      rows.add(customerRow("c" + (d % 7), t, "2026-11-23T00:00:00Z", valueBase + d));
    }
    return rows;
  }

  @Test
  void stagedFilesAreInvisibleUntilCommittedAndThenReadWhole() {
    OfflineStore store = open();
    List<OfflineRow> rows = daily(40, 0);
    List<StagedFile> files = new ArrayList<>();
    // Two writers, as two pipeline tasks would be, each with half of the rows.
    for (List<OfflineRow> half : List.of(rows.subList(0, 20), rows.subList(20, 40))) {
      try (StagedWriter writer = store.stage(view)) {
        half.forEach(writer::write);
        files.addAll(writer.finish());
      }
    }

    assertThat(store.snapshot(view).version()).isEqualTo(-1);
    assertThat(files.stream().mapToLong(StagedFile::rowCount).sum()).isEqualTo(40);

    CommitSummary summary = store.appendStaged(view, files, new TransactionId("job", 7));

    assertThat(summary.committed()).isTrue();
    assertThat(summary.rowsAdded()).isEqualTo(40);
    assertThat(summary.filesAdded()).isEqualTo(files.size());
    assertThat(store.snapshot(view).read(ReadFilter.all()))
        .containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void aWriterWithMorePartitionsThanItKeepsOpenLosesNoRow() {
    OfflineStore store = open();
    int days = DeltaStagedWriter.MAX_OPEN_PARTITIONS * 3;
    List<OfflineRow> rows = new ArrayList<>();
    // Round-robin over the days, twice: every partition is completed and reopened.
    List<OfflineRow> first = daily(days, 0);
    List<OfflineRow> second = daily(days, 1_000);
    rows.addAll(first);
    rows.addAll(second);
    List<StagedFile> files;
    try (StagedWriter writer = store.stage(view)) {
      rows.forEach(writer::write);
      files = writer.finish();
    }

    store.appendStaged(view, files, new TransactionId("job", 1));

    assertThat(files).hasSize(days * 2);
    assertThat(files.stream().map(StagedFile::eventDate).collect(Collectors.toSet())).hasSize(days);
    assertThat(store.snapshot(view).read(ReadFilter.all()))
        .containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void aRetriedCommitChangesNothingAndKeepsTheFiles() {
    OfflineStore store = open();
    List<StagedFile> files = stage(store, daily(3, 0));
    TransactionId txn = new TransactionId("job", 3);
    store.appendStaged(view, files, txn);

    CommitSummary retry = store.appendStaged(view, files, txn);
    CommitSummary older = store.appendStaged(view, files, new TransactionId("job", 2));

    assertThat(retry).isEqualTo(CommitSummary.unchanged(0));
    assertThat(older).isEqualTo(CommitSummary.unchanged(0));
    for (StagedFile f : files) {
      assertThat(table().resolve(f.path())).exists();
    }
    assertThat(store.snapshot(view).read(ReadFilter.all())).hasSize(3);
  }

  @Test
  void replacingARangeWithStagedFilesKeepsTheRowsOutsideIt() {
    OfflineStore store = open();
    List<OfflineRow> old = daily(5, 0); // 2026-01-01 .. 2026-01-05, 12:00
    store.append(view, old, new TransactionId("stream", 1));
    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    Instant end = Instant.parse("2026-01-04T13:00:00Z"); // mid-partition: 01-04 12:00 is in
    OfflineRow before = customerRow("c9", "2026-01-04T14:00:00Z", "2026-01-05T00:00:00Z", 99);
    store.append(view, List.of(before), new TransactionId("stream", 2));
    List<OfflineRow> fresh =
        List.of(
            customerRow("c1", "2026-01-02T12:00:00Z", "2026-11-23T00:00:00Z", 101),
            customerRow("c2", "2026-01-04T12:30:00Z", "2026-11-23T00:00:00Z", 102));

    store.replaceRangeWithStaged(
        view, stage(store, fresh), start, end, new TransactionId("backfill", 1));

    List<OfflineRow> expected = new ArrayList<>(fresh);
    expected.add(old.get(0));
    expected.add(old.get(4));
    expected.add(before);
    assertThat(store.snapshot(view).read(ReadFilter.all()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void filesThatAreNotStagedDataOfTheTableOrFallOutsideTheRangeAreRefused() throws Exception {
    OfflineStore store = open();
    List<StagedFile> files = stage(store, daily(3, 0));
    StagedFile real = files.get(0);
    StagedFile escaping =
        new StagedFile(
            "event_date=2026-01-01/../../x.parquet", real.eventDate(), 1, 1, 1, real.stats());
    StagedFile wrongPartition =
        new StagedFile(real.path(), LocalDate.parse("2026-02-01"), 1, 1, 1, real.stats());
    Files.delete(table().resolve(files.get(1).path()));
    TransactionId txn = new TransactionId("job", 1);

    assertThatThrownBy(() -> store.appendStaged(view, List.of(escaping), txn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a data file of partition event_date=2026-01-01/");
    assertThatThrownBy(() -> store.appendStaged(view, List.of(wrongPartition), txn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event_date=2026-02-01/");
    assertThatThrownBy(() -> store.appendStaged(view, files, txn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                store.replaceRangeWithStaged(
                    view,
                    List.of(files.get(2)),
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-01-02T00:00:00Z"),
                    txn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside");
    assertThat(store.snapshot(view).version()).isEqualTo(-1);
  }

  @Test
  void aRowThatDoesNotFitTheViewIsRefusedWhenWritten() {
    OfflineStore store = open();
    OfflineRow bad =
        new OfflineRow(List.of(i64(1)), micros("2026-01-01T00:00:00Z"), 0, List.of(i64(1)));

    try (StagedWriter writer = store.stage(view)) {
      assertThatThrownBy(() -> writer.write(bad))
          .isInstanceOf(InvalidRowsException.class)
          .hasMessageContaining("customer_id");
    }
  }

  private List<StagedFile> stage(OfflineStore store, List<OfflineRow> rows) {
    try (StagedWriter writer = store.stage(view)) {
      rows.forEach(writer::write);
      return writer.finish();
    }
  }

  private Path table() {
    return Path.of(new TableLayout(view, root.toUri().toString()).tablePath().toUri());
  }
}
