package dev.larder.storage.offline.delta;

import dev.larder.storage.offline.CommitSummary;
import dev.larder.storage.offline.ConcurrentCommitException;
import dev.larder.storage.offline.OfflineStoreException;
import dev.larder.storage.offline.StagedFile;
import dev.larder.storage.offline.TransactionId;
import io.delta.standalone.CommitResult;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.exceptions.DeltaConcurrentModificationException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * One commit to a view's table in the making: an optimistic transaction that starts at the table's
 * newest version, the files written for it, and the actions it will commit together (file adds and
 * removes, and the writer's transaction record, so that data and idempotency land atomically). Not
 * thread-safe; use once.
 */
final class TableCommit {

  private static final String ENGINE_INFO = "Larder";

  private final DeltaTables tables;
  private final TableLayout layout;
  private final Clock clock;
  private final OptimisticTransaction txn;
  private final List<Action> actions = new ArrayList<>();
  private final List<StagedFile> added = new ArrayList<>();
  private final List<StagedFile> owned = new ArrayList<>();
  private int removed;

  TableCommit(DeltaTables tables, TableLayout layout, Clock clock) {
    this.tables = tables;
    this.layout = layout;
    this.clock = clock;
    this.txn = tables.log(layout).startTransaction();
  }

  TableLayout layout() {
    return layout;
  }

  OptimisticTransaction transaction() {
    return txn;
  }

  /** The table version this commit builds on; -1 for a table not yet created. */
  long readVersion() {
    return txn.readVersion();
  }

  /** True when the table already holds this transaction (or a later one of the same writer). */
  boolean alreadyCommitted(TransactionId id) {
    return txn.txnVersion(id.appId()) >= id.version();
  }

  /** Records the writer's transaction, so that a retry of this commit becomes a no-op. */
  void recordTransaction(TransactionId id) {
    actions.add(new SetTransaction(id.appId(), id.version(), Optional.of(clock.millis())));
  }

  /**
   * Adds files this commit wrote itself; they are deleted if the commit certainly fails. {@code
   * dataChange} is false when they only rewrite existing rows.
   */
  void addOwn(List<StagedFile> files, boolean dataChange) {
    owned.addAll(files);
    add(files, dataChange);
  }

  /**
   * Adds files a caller staged; they stay in place whatever happens, so that the caller may retry
   * the commit with them.
   */
  void add(List<StagedFile> files, boolean dataChange) {
    for (StagedFile f : files) {
      added.add(f);
      actions.add(
          new AddFile(
              f.path(),
              Map.of(TableLayout.EVENT_DATE, f.eventDate().toString()),
              f.sizeBytes(),
              f.modificationTime(),
              dataChange,
              FileStats.toLogValue(f.stats()),
              Map.of()));
    }
  }

  /** Removes a file the table lists. */
  void remove(AddFile file, boolean dataChange) {
    actions.add(file.remove(clock.millis(), dataChange));
    removed++;
  }

  boolean isEmpty() {
    return added.isEmpty() && removed == 0;
  }

  /**
   * Commits every action in one new table version, with the table's metadata first when the table
   * is new or the view added features.
   *
   * @throws ConcurrentCommitException if another writer committed a conflicting change; the files
   *     this commit wrote itself are deleted
   * @throws OfflineStoreException if the commit failed otherwise; its files are left in place,
   *     since the commit may have landed
   */
  CommitSummary commit(Operation.Name operation) {
    Metadata metadata =
        DeltaTables.metadataFor(layout, txn.metadata(), txn.readVersion() < 0, clock.millis());
    if (metadata != null) {
      txn.updateMetadata(metadata);
    }
    try {
      CommitResult result = txn.commit(actions, new Operation(operation), ENGINE_INFO);
      long rows = added.stream().mapToLong(StagedFile::rowCount).sum();
      return new CommitSummary(true, result.getVersion(), added.size(), removed, rows);
    } catch (DeltaConcurrentModificationException e) {
      deleteOwned();
      throw new ConcurrentCommitException(
          "another writer changed " + layout.tablePath() + " meanwhile: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new OfflineStoreException(
          "cannot commit to " + layout.tablePath() + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the files this commit wrote itself; used when it certainly did not land. */
  private void deleteOwned() {
    for (StagedFile f : owned) {
      Path path = new Path(layout.tablePath(), f.path());
      try {
        path.getFileSystem(tables.conf()).delete(path, false);
      } catch (IOException ignored) {
        // an orphan file: never in the log, so never read
      }
    }
  }
}
