package dev.larder.storage.offline.delta;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineSnapshot;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.OfflineStoreException;
import dev.larder.storage.offline.OfflineVersionNotFoundException;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.StagedWriter;
import dev.larder.storage.offline.TimeRange;
import dev.larder.storage.offline.TransactionId;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.DeltaScan;
import io.delta.standalone.Operation;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.data.CloseableIterator;
import io.delta.standalone.exceptions.DeltaStandaloneException;
import io.delta.standalone.expressions.Column;
import io.delta.standalone.expressions.Expression;
import io.delta.standalone.expressions.In;
import io.delta.standalone.expressions.Literal;
import io.delta.standalone.types.DateType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;

/**
 * The {@link OfflineStore} on Delta Lake: delta-standalone keeps each table's log, {@link
 * DataFileWriter} and {@link DataFileReader} its Parquet files. Writes build one {@link
 * TableCommit} each. Thread-safe; one writing process per table (the local log store excludes
 * concurrent commits within a process only).
 */
final class DeltaOfflineStore implements OfflineStore {

  private final DeltaTables tables;
  private final DataFileWriter writer;
  private final DataFileReader reader;
  private final Clock clock;

  DeltaOfflineStore(DeltaTables tables, DataFileWriter writer, DataFileReader reader, Clock clock) {
    this.tables = tables;
    this.writer = writer;
    this.reader = reader;
    this.clock = clock;
  }

  @Override
  public StagedWriter stage(FeatureView view) {
    return new DeltaStagedWriter(view, tables.layout(view), writer);
  }

  @Override
  public CommitSummary append(
      FeatureView view, List<OfflineRow> rows, TransactionId transactionId) {
    Objects.requireNonNull(transactionId, "transactionId");
    RowChecks.check(view, rows, null);
    TableCommit commit = new TableCommit(tables, tables.layout(view), clock);
    if (commit.alreadyCommitted(transactionId)) {
      return CommitSummary.unchanged(commit.readVersion());
    }
    try (StagedWriter staged = stage(view)) {
      rows.forEach(staged::write);
      commit.addOwn(staged.finish(), true);
    }
    commit.recordTransaction(transactionId);
    return commit.commit(Operation.Name.WRITE);
  }

  @Override
  public CommitSummary appendStaged(
      FeatureView view, List<StagedFile> files, TransactionId transactionId) {
    Objects.requireNonNull(transactionId, "transactionId");
    TableLayout layout = tables.layout(view);
    checkStaged(layout, files, null);
    TableCommit commit = new TableCommit(tables, layout, clock);
    if (commit.alreadyCommitted(transactionId)) {
      return CommitSummary.unchanged(commit.readVersion());
    }
    commit.add(files, true);
    commit.recordTransaction(transactionId);
    return commit.commit(Operation.Name.WRITE);
  }

  @Override
  public CommitSummary replaceRange(
      FeatureView view,
      List<OfflineRow> rows,
      Instant start,
      Instant end,
      TransactionId transactionId) {
    TimeRange range = new TimeRange(start, end);
    RowChecks.check(view, rows, range);
    return replace(view, range, transactionId, List.of(), rows);
  }

  @Override
  public CommitSummary replaceRangeWithStaged(
      FeatureView view,
      List<StagedFile> files,
      Instant start,
      Instant end,
      TransactionId transactionId) {
    TimeRange range = new TimeRange(start, end);
    checkStaged(tables.layout(view), files, range);
    return replace(view, range, transactionId, files, List.of());
  }

  /**
   * Replaces the range with the staged files and the rows, in one commit: the files of the affected
   * partitions are removed, and their rows outside the range are staged again beside the new ones.
   */
  private CommitSummary replace(
      FeatureView view,
      TimeRange range,
      TransactionId transactionId,
      List<StagedFile> staged,
      List<OfflineRow> rows) {
    Objects.requireNonNull(transactionId, "transactionId");
    TableLayout layout = tables.layout(view);
    TableCommit commit = new TableCommit(tables, layout, clock);
    if (commit.alreadyCommitted(transactionId)) {
      return CommitSummary.unchanged(commit.readVersion());
    }
    commit.add(staged, true);
    try (StagedWriter written = stage(view)) {
      rows.forEach(written::write);
      for (AddFile file : filesOf(commit, range.dates())) {
        FileStats stats = FileStats.parse(file.getStats(), layout.joinKeys());
        if (stats != null && !stats.mayOverlap(range)) {
          continue; // none of its rows is replaced
        }
        commit.remove(file, true);
        if (stats == null || !stats.within(range)) {
          runIo(
              () ->
                  reader.read(
                      layout,
                      DeltaTables.filePath(layout, file),
                      null,
                      row -> {
                        if (!range.contains(row.eventTimeMicros())) {
                          written.write(row); // outside the range, in a replaced partition: kept
                        }
                      }));
        }
      }
      commit.addOwn(written.finish(), true);
    }
    commit.recordTransaction(transactionId);
    return commit.commit(Operation.Name.WRITE);
  }

  /**
   * Checks that files were staged for this table (relative paths inside their partition directory,
   * present on disk) and, when {@code range} is given, hold only rows in it.
   *
   * @throws IllegalArgumentException naming the first file that is not
   */
  private void checkStaged(TableLayout layout, List<StagedFile> files, TimeRange range) {
    for (StagedFile f : files) {
      String partition = TableLayout.EVENT_DATE + "=" + f.eventDate() + "/";
      if (!f.path().startsWith(partition)
          || f.path().indexOf('/', partition.length()) >= 0
          || f.path().contains("..")) {
        throw new IllegalArgumentException(
            "staged file " + f.path() + " is not a data file of partition " + partition);
      }
      if (range != null) {
        FileStats stats = FileStats.parse(f.stats(), layout.joinKeys());
        if (stats == null || !stats.within(range)) {
          throw new IllegalArgumentException(
              "staged file " + f.path() + " may hold rows outside " + range);
        }
      }
      Path path = new Path(layout.tablePath(), f.path());
      if (!io(() -> tables.exists(path))) {
        throw new IllegalArgumentException(
            "staged file " + f.path() + " does not exist in " + layout.tablePath());
      }
    }
  }

  @Override
  public CommitSummary compact(FeatureView view, long targetFileSizeBytes) {
    if (targetFileSizeBytes <= 0) {
      throw new IllegalArgumentException(
          "targetFileSizeBytes must be positive, was " + targetFileSizeBytes);
    }
    TableLayout layout = tables.layout(view);
    TableCommit commit = new TableCommit(tables, layout, clock);
    if (commit.readVersion() < 0) {
      return CommitSummary.unchanged(-1);
    }
    Map<LocalDate, List<AddFile>> byDate = new TreeMap<>();
    for (AddFile file : filesOf(commit, null)) {
      LocalDate date = DeltaTables.partitionDate(file);
      if (date != null) {
        byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(file);
      }
    }
    for (Map.Entry<LocalDate, List<AddFile>> partition : byDate.entrySet()) {
      for (List<AddFile> bin :
          CompactionPlan.bins(partition.getValue(), AddFile::getSize, targetFileSizeBytes)) {
        try (DataFileWriter.PartitionSink sink =
            writer.open(layout, partition.getKey(), targetFileSizeBytes)) {
          for (AddFile file : bin) {
            runIo(() -> reader.read(layout, DeltaTables.filePath(layout, file), null, sink::add));
            commit.remove(file, false);
          }
          commit.add(io(sink::finish), false);
        }
      }
    }
    if (commit.isEmpty()) {
      return CommitSummary.unchanged(commit.readVersion());
    }
    return commit.commit(Operation.Name.MANUAL_UPDATE);
  }

  @Override
  public OfflineSnapshot snapshot(FeatureView view) {
    TableLayout layout = tables.layout(view);
    return snapshotOf(layout, io(() -> tables.log(layout).update()));
  }

  @Override
  public OfflineSnapshot snapshotAsOf(FeatureView view, long version) {
    TableLayout layout = tables.layout(view);
    DeltaLog log = tables.log(layout);
    return snapshotOf(
        layout,
        timeTravel(layout, "version " + version, () -> log.getSnapshotForVersionAsOf(version)));
  }

  @Override
  public OfflineSnapshot snapshotAsOf(FeatureView view, Instant time) {
    TableLayout layout = tables.layout(view);
    DeltaLog log = tables.log(layout);
    // Not getSnapshotForTimestampAsOf: it refuses instants after the newest commit, where the
    // contract (and a training set's --as-of) wants the newest version.
    long version =
        timeTravel(
            layout, "time " + time, () -> log.getVersionBeforeOrAtTimestamp(time.toEpochMilli()));
    if (version < 0) {
      throw new OfflineVersionNotFoundException(
          layout.tablePath() + " has no version at or before " + time, null);
    }
    return snapshotOf(
        layout,
        timeTravel(layout, "version " + version, () -> log.getSnapshotForVersionAsOf(version)));
  }

  private OfflineSnapshot snapshotOf(TableLayout layout, Snapshot snapshot) {
    List<AddFile> files = snapshot.getVersion() < 0 ? List.of() : snapshot.getAllFiles();
    return new DeltaSnapshot(layout, snapshot.getVersion(), files, reader);
  }

  private static <T> T timeTravel(TableLayout layout, String what, Supplier<T> travel) {
    try {
      return travel.get();
    } catch (IllegalArgumentException | DeltaStandaloneException e) {
      throw new OfflineVersionNotFoundException(
          layout.tablePath() + " has no " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files of the given partitions (all when null) at the commit's read version, marked as read
   * so that the commit fails if another writer changes them meanwhile.
   */
  private static List<AddFile> filesOf(TableCommit commit, Set<LocalDate> dates) {
    if (commit.readVersion() < 0) {
      return List.of();
    }
    Expression predicate = Literal.True;
    if (dates != null) {
      List<Literal> literals = new ArrayList<>();
      for (LocalDate date : dates) {
        literals.add(Literal.of(java.sql.Date.valueOf(date)));
      }
      predicate = new In(new Column(TableLayout.EVENT_DATE, new DateType()), literals);
    }
    DeltaScan scan = commit.transaction().markFilesAsRead(predicate);
    List<AddFile> files = new ArrayList<>();
    try (CloseableIterator<AddFile> it = scan.getFiles()) {
      while (it.hasNext()) {
        AddFile file = it.next();
        if (dates == null || dates.contains(DeltaTables.partitionDate(file))) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new OfflineStoreException("cannot list files of the table: " + e.getMessage(), e);
    }
    return files;
  }

  /** Runs file I/O, reporting its failure as the store's. */
  private static void runIo(Runnable io) {
    io(
        () -> {
          io.run();
          return null;
        });
  }

  /** Runs file I/O, reporting its failure as the store's. */
  private static <T> T io(Supplier<T> io) {
    try {
      return io.get();
    } catch (UncheckedIOException e) {
      throw new OfflineStoreException(e.getMessage(), e.getCause());
    }
  }
}
