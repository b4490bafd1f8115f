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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends carry a transaction id; a retried commit changes nothing. */
class IdempotentAppendIT {

  @TempDir Path root;

  private final FeatureView view = customerView("orders");
  private final List<OfflineRow> run =
      List.of(
          customerRow("c1", "2026-11-22T10:00:00Z", "2026-11-22T10:00:01Z", 1),
          customerRow("c2", "2026-11-22T23:59:59.999999Z", "2026-11-23T00:00:01Z", 2),
          customerRow("c1", "2026-11-23T00:00:00Z", "2026-11-23T00:00:01Z", 3));

  private OfflineStore open() {
    return DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
  }

  @Test
  void retriedCommitWithTheSameTransactionIsANoOp() {
    OfflineStore store = open();
    TransactionId txn = new TransactionId("flink-job-7", 12);

    CommitSummary first = store.append(view, run, txn);
    CommitSummary retry = store.append(view, run, txn);
    CommitSummary retryFromAnotherProcess = open().append(view, run, txn);

    assertThat(first.committed()).isTrue();
    assertThat(first.tableVersion()).isZero();
    assertThat(first.rowsAdded()).isEqualTo(3);
    assertThat(first.filesAdded()).isEqualTo(2); // two event_date partitions
    assertThat(retry).isEqualTo(CommitSummary.unchanged(0));
    assertThat(retryFromAnotherProcess).isEqualTo(CommitSummary.unchanged(0));
    assertThat(open().snapshot(view).read(ReadFilter.all()))
        .containsExactlyInAnyOrderElementsOf(run);
  }

  @Test
  void anOlderVersionOfTheSameWriterIsANoOpAndOtherWritersAreNot() {
    OfflineStore store = open();
    store.append(view, run, new TransactionId("job", 5));

    assertThat(store.append(view, run, new TransactionId("job", 4)).committed()).isFalse();
    assertThat(store.append(view, run, new TransactionId("job", 6)).committed()).isTrue();
    assertThat(store.append(view, run, new TransactionId("other-job", 1)).committed()).isTrue();
    assertThat(store.snapshot(view).rowCount()).isEqualTo(9);
    assertThat(store.snapshot(view).version()).isEqualTo(2);
  }

  @Test
  void anEmptyAppendStillRecordsItsTransaction() {
    OfflineStore store = open();
    TransactionId txn = new TransactionId("checkpoint", 1);

    assertThat(store.append(view, List.of(), txn).committed()).isTrue();
    assertThat(store.append(view, run, txn).committed()).isFalse();
    assertThat(store.snapshot(view).rowCount()).isZero();
  }

  @Test
  void tableLivesAtProjectViewVersionPartitionedByEventDate() {
    open().append(view, run, new TransactionId("job", 1));

    Path table = root.resolve("test/orders/v1");
    assertThat(table.resolve("_delta_log/00000000000000000000.json")).exists();
    assertThat(table.resolve("event_date=2026-11-22")).isDirectory();
    assertThat(table.resolve("event_date=2026-11-23")).isDirectory();
  }

  @Test
  void firstCommitDeclaresThePlainProtocolAndStatsAsAString() throws Exception {
    open().append(view, run, new TransactionId("job", 1));

    String log =
        Files.readString(root.resolve("test/orders/v1/_delta_log/00000000000000000000.json"));
    assertThat(log).contains("\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}");
    assertThat(log).contains("\"txn\":{\"appId\":\"job\",\"version\":1");
    assertThat(log).contains("\"stats\":\"{\\\"numRecords\\\":");
  }

  @Test
  void rowsThatDoNotFitTheViewWriteNothing() {
    OfflineStore store = open();
    OfflineRow wrongType =
        new OfflineRow(
            List.of(dev.larder.testing.OfflineTables.i64(1)),
            0,
            0,
            List.of(dev.larder.testing.OfflineTables.i64(1)));

    assertThatThrownBy(() -> store.append(view, List.of(wrongType), new TransactionId("job", 1)))
        .isInstanceOf(InvalidRowsException.class)
        .hasMessageContaining("customer_id")
        .hasMessageContaining("must be STRING, was INT64");
    assertThat(root.resolve("test/orders/v1")).doesNotExist();
  }
}
