package dev.larder.storage.offline.delta;

import static dev.larder.testing.OfflineTables.customerRow;
import static dev.larder.testing.OfflineTables.customerView;
import static dev.larder.testing.OfflineTables.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.OfflineStoreException;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TransactionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads skip what they cannot need: partitions outside the range, files whose statistics rule the
 * rows out. A skipped file is deleted before reading, so opening it would fail the test.
 */
class SnapshotReadIT {

  @TempDir Path root;

  private final FeatureView view = customerView("orders");
  private final OfflineRow day1a =
      customerRow("a", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", 1);
  private final OfflineRow day1b =
      customerRow("b", "2026-11-20T11:00:00Z", "2026-11-20T11:00:00Z", 2);
  private final OfflineRow day2early =
      customerRow("m", "2026-11-21T01:00:00Z", "2026-11-21T01:00:00Z", 3);
  private final OfflineRow day2late =
      customerRow("z", "2026-11-21T22:00:00Z", "2026-11-21T22:00:00Z", 4);
  private OfflineStore store;

  @BeforeEach
  void fourFiles() {
    store = DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
    long checkpoint = 1;
    for (OfflineRow row : List.of(day1a, day1b, day2early, day2late)) {
      store.append(view, List.of(row), new TransactionId("job", checkpoint++));
    }
  }

  @Test
  void aTimeRangeReadsOnlyItsPartitionsAndFiles() throws Exception {
    OfflineSnapshot snapshot = store.snapshot(view);
    deleteFilesHolding("2026-11-20");
    deleteFileOf(
        snapshot, ReadFilter.between(at("2026-11-21T00:00:00Z"), at("2026-11-21T02:00:00Z")));

    assertThat(
            snapshot.read(
                ReadFilter.between(at("2026-11-21T12:00:00Z"), at("2026-11-22T00:00:00Z"))))
        .containsExactly(day2late);
  }

  @Test
  void entityFilterSkipsFilesByJoinKeyBounds() throws Exception {
    OfflineSnapshot snapshot = store.snapshot(view);
    ReadFilter onlyZ = ReadFilter.all().withEntities(List.of(List.of(str("z"))));

    assertThat(((DeltaSnapshot) snapshot).filesFor(onlyZ)).hasSize(1);
    deleteFilesHolding("2026-11-20");
    assertThat(snapshot.read(onlyZ)).containsExactly(day2late);
  }

  @Test
  void partitionFilterAndStatistics() {
    OfflineSnapshot snapshot = store.snapshot(view);

    assertThat(snapshot.partitions())
        .containsExactly(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"));
    assertThat(snapshot.read(ReadFilter.all().withDates(List.of(LocalDate.parse("2026-11-20")))))
        .containsExactlyInAnyOrder(day1a, day1b);
    assertThat(snapshot.fileCount()).isEqualTo(4);
    assertThat(snapshot.rowCount()).isEqualTo(4);
    assertThat(snapshot.version()).isEqualTo(3);
  }

  @Test
  void aConcurrentScanPassesTheRowsOfTheSameFilesOnSeveralThreads() throws Exception {
    OfflineSnapshot snapshot = store.snapshot(view);
    deleteFilesHolding("2026-11-20");
    ReadFilter day2 = ReadFilter.between(at("2026-11-21T00:00:00Z"), at("2026-11-22T00:00:00Z"));
    Set<OfflineRow> rows = ConcurrentHashMap.newKeySet();
    Set<String> threads = ConcurrentHashMap.newKeySet();

    snapshot.scanConcurrently(
        day2,
        2,
        row -> {
          rows.add(row);
          threads.add(Thread.currentThread().getName());
        });

    assertThat(rows).containsExactlyInAnyOrder(day2early, day2late);
    assertThat(threads).containsOnly("larder-offline-scan");
    assertThatThrownBy(() -> snapshot.scanConcurrently(ReadFilter.all(), 2, row -> {}))
        .isInstanceOf(OfflineStoreException.class)
        .hasMessageContaining("cannot read version 3 of");
    assertThatThrownBy(() -> snapshot.scanConcurrently(day2, 0, row -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallelism must be >= 1, was 0");
  }

  @Test
  void newestPerEntityTakesTheLatestEventThenTheLatestCreated() {
    OfflineRow older = customerRow("a", "2026-11-20T12:00:00Z", "2026-11-20T12:00:00Z", 10);
    OfflineRow recomputed = customerRow("a", "2026-11-20T12:00:00Z", "2026-11-22T00:00:00Z", 11);
    OfflineRow outOfRange = customerRow("a", "2026-11-21T12:00:00Z", "2026-11-21T12:00:00Z", 12);
    store.append(view, List.of(recomputed, outOfRange, older), new TransactionId("job", 9));

    assertThat(store.newestPerEntity(view, at("2026-11-20T00:00:00Z"), at("2026-11-21T12:00:00Z")))
        .containsExactlyInAnyOrder(recomputed, day1b, day2early);
  }

  @Test
  void newestOfEntitiesStopsBeforeOlderPartitionsOnceEveryEntityIsFound() throws Exception {
    OfflineRow aLater = customerRow("a", "2026-11-21T05:00:00Z", "2026-11-21T05:00:00Z", 5);
    store.append(view, List.of(aLater), new TransactionId("job", 9));
    deleteFilesHolding("2026-11-20");

    assertThat(store.newestOfEntities(view, List.of(List.of(str("a")), List.of(str("z")))))
        .containsExactlyInAnyOrder(aLater, day2late);
  }

  @Test
  void newestOfEntitiesReadsOlderPartitionsForEntitiesNotFoundYet() {
    OfflineRow aLater = customerRow("a", "2026-11-21T05:00:00Z", "2026-11-21T05:00:00Z", 5);
    OfflineRow bRecomputed = customerRow("b", "2026-11-20T11:00:00Z", "2026-11-22T00:00:00Z", 6);
    store.append(view, List.of(aLater, bRecomputed), new TransactionId("job", 9));

    assertThat(
            store.newestOfEntities(
                view, List.of(List.of(str("a")), List.of(str("b")), List.of(str("nobody")))))
        .containsExactlyInAnyOrder(aLater, bRecomputed);
    assertThat(store.newestOfEntities(customerView("nothing_yet"), List.of(List.of(str("a")))))
        .isEmpty();
  }

  @Test
  void newestOfEntitiesSkipsFilesWhoseKeyBoundsExcludeThem() throws Exception {
    OfflineSnapshot snapshot = store.snapshot(view);
    deleteFileOf(snapshot, ReadFilter.all().withEntities(List.of(List.of(str("m")))));

    assertThat(snapshot.newestOfEntities(List.of(List.of(str("z")), List.of(str("b")))))
        .containsExactlyInAnyOrder(day2late, day1b);
  }

  @Test
  void aTableNeverWrittenIsEmptyAtVersionMinusOne() {
    OfflineSnapshot snapshot = store.snapshot(customerView("nothing_yet"));

    assertThat(snapshot.version()).isEqualTo(-1);
    assertThat(snapshot.read(ReadFilter.all())).isEmpty();
    assertThat(snapshot.rowCount()).isZero();
  }

  private void deleteFileOf(OfflineSnapshot snapshot, ReadFilter filter) throws Exception {
    var files = ((DeltaSnapshot) snapshot).filesFor(filter);
    assertThat(files).hasSize(1);
    Files.delete(root.resolve("test/orders/v1").resolve(files.get(0).getPath()));
  }

  private void deleteFilesHolding(String date) throws Exception {
    try (Stream<Path> files = Files.list(root.resolve("test/orders/v1/event_date=" + date))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
