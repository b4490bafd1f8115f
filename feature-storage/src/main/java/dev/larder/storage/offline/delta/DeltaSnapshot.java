package dev.larder.storage.offline.delta;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.DataFile;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStoreException;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TimeRange;
import io.delta.standalone.actions.AddFile;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One version of a view's table: the files its log lists at that version, read through {@link
 * DataFileReader}. Files are pruned first by partition, then by their statistics. Immutable and
 * thread-safe.
 */
final class DeltaSnapshot implements OfflineSnapshot {

  private final TableLayout layout;
  private final long version;
  private final List<AddFile> files;
  private final DataFileReader reader;

  DeltaSnapshot(TableLayout layout, long version, List<AddFile> files, DataFileReader reader) {
    this.layout = layout;
    this.version = version;
    this.files = List.copyOf(files);
    this.reader = reader;
  }

  @Override
  public FeatureView view() {
    return layout.view();
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public int fileCount() {
    return files.size();
  }

  /** Sums the files' {@code numRecords}; a file without statistics is opened and counted. */
  @Override
  public long rowCount() {
    long rows = 0;
    for (AddFile file : files) {
      FileStats stats = FileStats.parse(file.getStats(), layout.joinKeys());
      if (stats != null) {
        rows += stats.numRecords();
      } else {
        long[] counted = {0};
        readFile(file, null, row -> counted[0]++);
        rows += counted[0];
      }
    }
    return rows;
  }

  @Override
  public Set<LocalDate> partitions() {
    Set<LocalDate> dates = new TreeSet<>();
    for (AddFile file : files) {
      LocalDate date = DeltaTables.partitionDate(file);
      if (date != null) {
        dates.add(date);
      }
    }
    return dates;
  }

  @Override
  public void scan(ReadFilter filter, Consumer<OfflineRow> consumer) {
    for (AddFile file : filesFor(filter)) {
      scanFile(file, filter, consumer);
    }
  }

  @Override
  public void scanConcurrently(ReadFilter filter, int parallelism, Consumer<OfflineRow> consumer) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    }
    List<AddFile> wanted = filesFor(filter);
    if (parallelism == 1 || wanted.size() < 2) {
      scan(filter, consumer);
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, wanted.size()),
            task -> {
              Thread thread = new Thread(task, "larder-offline-scan");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> reads = new ArrayList<>(wanted.size());
      for (AddFile file : wanted) {
        reads.add(pool.submit(() -> scanFile(file, filter, consumer)));
      }
      for (Future<?> read : reads) {
        awaitRead(read);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void scanFile(AddFile file, ReadFilter filter, Consumer<OfflineRow> consumer) {
    LocalDate date = DeltaTables.partitionDate(file);
    readFile(
        file,
        filter.range(),
        row -> {
          if (filter.matches(
              row, date != null ? date : RowChecks.eventDate(row.eventTimeMicros()))) {
            consumer.accept(row);
          }
        });
  }

  /** Waits for one file's read, passing on what it threw. */
  private void awaitRead(Future<?> read) {
    try {
      read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OfflineStoreException(
          "interrupted while reading version " + version + " of " + layout.tablePath(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new OfflineStoreException(
          "cannot read version " + version + " of " + layout.tablePath(), e.getCause());
    }
  }

  @Override
  public List<OfflineRow> newestPerEntity(TimeRange range) {
    Map<List<Value>, OfflineRow> newest = new HashMap<>();
    scan(
        ReadFilter.all().withRange(range),
        row -> newest.merge(row.entity(), row, (a, b) -> b.isNewerThan(a) ? b : a));
    return new ArrayList<>(newest.values());
  }

  @Override
  public List<DataFile> files(ReadFilter filter) {
    List<DataFile> kept = new ArrayList<>();
    for (AddFile file : filesFor(filter)) {
      kept.add(
          new DataFile(
              DeltaTables.filePath(layout, file).toUri(),
              DeltaTables.partitionDate(file),
              file.getSize()));
    }
    return kept;
  }

  @Override
  public List<OfflineRow> newestOfEntities(Collection<List<Value>> entities) {
    Set<List<Value>> wanted = Set.copyOf(entities);
    if (wanted.isEmpty()) {
      return List.of();
    }
    // Newest partition first; files without a partition value hold any dates, so they come first.
    Map<LocalDate, List<AddFile>> byDate =
        new TreeMap<>(Comparator.nullsFirst(Comparator.<LocalDate>reverseOrder()));
    for (AddFile file : filesFor(ReadFilter.all().withEntities(wanted))) {
      byDate.computeIfAbsent(DeltaTables.partitionDate(file), d -> new ArrayList<>()).add(file);
    }
    Map<List<Value>, OfflineRow> newest = new HashMap<>();
    for (Map.Entry<LocalDate, List<AddFile>> partition : byDate.entrySet()) {
      LocalDate date = partition.getKey();
      if (date != null && newest.size() == wanted.size() && allAfter(newest.values(), date)) {
        break;
      }
      for (AddFile file : partition.getValue()) {
        readFile(
            file,
            null,
            row -> {
              if (wanted.contains(row.entity())) {
                newest.merge(row.entity(), row, (a, b) -> b.isNewerThan(a) ? b : a);
              }
            });
      }
    }
    return new ArrayList<>(newest.values());
  }

  /** True when every row has an event time after the UTC day {@code date}. */
  private static boolean allAfter(Collection<OfflineRow> rows, LocalDate date) {
    long dayEndMicros = date.plusDays(1).toEpochDay() * 86_400L * 1_000_000L;
    for (OfflineRow row : rows) {
      if (row.eventTimeMicros() < dayEndMicros) {
        return false;
      }
    }
    return true;
  }

  /** The files that may hold rows the filter matches. */
  List<AddFile> filesFor(ReadFilter filter) {
    Set<LocalDate> dates = filter.dates();
    if (filter.range() != null) {
      Set<LocalDate> rangeDates = filter.range().dates();
      dates = dates == null ? rangeDates : intersect(dates, rangeDates);
    }
    List<AddFile> kept = new ArrayList<>();
    for (AddFile file : files) {
      LocalDate date = DeltaTables.partitionDate(file);
      if (dates != null && date != null && !dates.contains(date)) {
        continue;
      }
      FileStats stats = FileStats.parse(file.getStats(), layout.joinKeys());
      if (stats != null
          && ((filter.range() != null && !stats.mayOverlap(filter.range()))
              || (filter.entities() != null && !stats.mayContainAny(filter.entities()))
              || (filter.keyBounds() != null && !stats.mayOverlap(filter.keyBounds())))) {
        continue;
      }
      kept.add(file);
    }
    return kept;
  }

  private void readFile(AddFile file, TimeRange range, Consumer<OfflineRow> consumer) {
    try {
      reader.read(layout, DeltaTables.filePath(layout, file), range, consumer);
    } catch (UncheckedIOException e) {
      throw new OfflineStoreException(
          "cannot read version " + version + " of " + layout.tablePath() + ": " + e.getMessage(),
          e.getCause());
    }
  }

  private static Set<LocalDate> intersect(Set<LocalDate> a, Set<LocalDate> b) {
    Set<LocalDate> both = new TreeSet<>(a);
    both.retainAll(b);
    return both;
  }
}
