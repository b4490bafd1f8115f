package dev.larder.storage.offline.delta;

import static dev.larder.testing.OfflineTables.customerRow;
import static dev.larder.testing.OfflineTables.customerView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TransactionId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backfill replaces its range in one commit, however often it runs and wherever it stopped. */
class ReplaceRangeIT {

  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant END = Instant.parse("2026-11-22T00:00:00Z");

  @TempDir Path root;

  private final FeatureView view = customerView("orders");

  /** One clean backfill run over [START, END): two days, three customers. */
  private final List<OfflineRow> run =
      List.of(
          customerRow("c1", "2026-11-20T08:00:00Z", "2026-11-23T00:00:00Z", 1),
          customerRow("c2", "2026-11-20T09:00:00Z", "2026-11-23T00:00:00Z", 2),
          customerRow("c1", "2026-11-21T08:00:00Z", "2026-11-23T00:00:00Z", 3),
          customerRow("c3", "2026-11-21T23:59:59.999999Z", "2026-11-23T00:00:00Z", 4));

  private OfflineStore open() {
    return DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
  }

  @Test
  void runningTheSameBackfillTwiceLeavesOneRunsRows() {
    OfflineStore store = open();

    store.replaceRange(view, run, START, END, new TransactionId("backfill-run-1", 1));
    CommitSummary second =
        store.replaceRange(view, run, START, END, new TransactionId("backfill-run-2", 1));

    assertThat(second.committed()).isTrue();
    assertThat(second.filesRemoved()).isEqualTo(2);
    assertThat(second.tableVersion()).isEqualTo(1);
    assertThat(store.snapshot(view).read(ReadFilter.all()))
        .containsExactlyInAnyOrderElementsOf(run);
  }

  @Test
  void aRetriedCommitOfTheSameRunIsANoOp() {
    OfflineStore store = open();
    TransactionId txn = new TransactionId("backfill-run-1", 1);

    store.replaceRange(view, run, START, END, txn);

    assertThat(store.replaceRange(view, run, START, END, txn))
        .isEqualTo(CommitSummary.unchanged(0));
  }

  @Test
  void aRunKilledAfterWritingFilesThenRunAgainLeavesOneRunsRows() throws IOException {
    OfflineStore store = open();
    store.replaceRange(view, run, START, END, new TransactionId("backfill-run-1", 1));
    // Run 2 dies after writing its files, before committing: its files are orphans.
    TableLayout layout = new TableLayout(view, root.toUri().toString());
    DataFileWriter writer = new DataFileWriter(new Configuration(), 1_000, 1L << 20);
    try (DataFileWriter.PartitionSink sink = writer.open(layout, LocalDate.parse("2026-11-20"))) {
      run.subList(0, 2).forEach(sink::add);
      assertThat(sink.finish()).hasSize(1);
    }
    long filesOnDisk = parquetFiles();

    store.replaceRange(view, run, START, END, new TransactionId("backfill-run-3", 1));

    assertThat(parquetFiles()).isEqualTo(filesOnDisk + 2); // the orphan stays on disk …
    assertThat(store.snapshot(view).read(ReadFilter.all()))
        .containsExactlyInAnyOrderElementsOf(run); // … and is never read
    assertThat(store.snapshot(view).fileCount()).isEqualTo(2);
  }

  @Test
  void rowsOutsideTheRangeInTouchedPartitionsAndOtherPartitionsAreKept() {
    OfflineStore store = open();
    OfflineRow sameDayBefore = customerRow("c9", "2026-11-19T23:00:00Z", "2026-11-19T23:00:01Z", 9);
    OfflineRow sameDayAfter = customerRow("c9", "2026-11-21T13:00:00Z", "2026-11-21T13:00:01Z", 10);
    OfflineRow inRange = customerRow("c9", "2026-11-21T11:00:00Z", "2026-11-21T11:00:01Z", 11);
    store.append(
        view, List.of(sameDayBefore, sameDayAfter, inRange), new TransactionId("stream", 1));

    Instant start = Instant.parse("2026-11-20T00:00:00Z");
    Instant end = Instant.parse("2026-11-21T12:00:00Z");
    List<OfflineRow> backfill =
        List.of(customerRow("c9", "2026-11-21T11:00:00Z", "2026-11-23T00:00:00Z", 111));
    store.replaceRange(view, backfill, start, end, new TransactionId("backfill", 1));

    assertThat(store.snapshot(view).read(ReadFilter.all()))
        .containsExactlyInAnyOrder(sameDayBefore, sameDayAfter, backfill.get(0));
  }

  @Test
  void rowsOutsideTheRangeAreRefused() {
    OfflineStore store = open();
    List<OfflineRow> rows = new ArrayList<>(run);
    rows.add(customerRow("c1", "2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z", 5));

    assertThatThrownBy(
            () -> store.replaceRange(view, rows, START, END, new TransactionId("backfill", 1)))
        .isInstanceOf(InvalidRowsException.class)
        .hasMessageContaining("row 4")
        .hasMessageContaining("outside");
    assertThatThrownBy(
            () -> store.replaceRange(view, run, END, START, new TransactionId("backfill", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be before");
  }

  private long parquetFiles() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
          .count();
    }
  }
}
