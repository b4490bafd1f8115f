package dev.larder.storage.offline;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The offline store: every feature row of each feature view version, with its timestamps, in one
 * table per (project, view, version), partitioned by the UTC date of the event time (DESIGN §6).
 *
 * <p>Every write is one atomic commit that makes a new table version; readers see a table version
 * whole or not at all. Writes that carry a {@link TransactionId} are idempotent: a commit whose
 * transaction was already committed (same application id, same or lower version) changes nothing,
 * so a writer may retry after any failure. Implementations are thread-safe; calls block on I/O.
 *
 * <p>Rows must fit the view: join keys of the declared types and never null, exactly one value per
 * feature in {@code view.features()} order, each null or of the feature's type, event times in
 * years 1 to 9999. Rows that do not fit fail the call with {@code InvalidRowsException} before
 * anything is written. Storage failures throw {@link OfflineStoreException}.
 */
public interface OfflineStore {

  /**
   * Adds rows to the view's table in one commit, creating the table on the first write.
   *
   * @param rows rows of the view, in any order; may be empty (the transaction is still recorded)
   * @return what the commit did; {@link CommitSummary#committed()} is false when {@code
   *     transactionId} had already been committed, and then nothing was written
   * @throws ConcurrentCommitException if another writer committed a conflicting change meanwhile;
   *     retrying with the same transaction id is safe
   */
  CommitSummary append(FeatureView view, List<OfflineRow> rows, TransactionId transactionId);

  /**
   * Replaces every row whose event time lies in {@code [start, end)} with {@code rows}, in one
   * commit: the files of the affected {@code event_date} partitions are removed, and rows of those
   * partitions outside the range are kept (rewritten). This is how a backfill of a time range
   * lands, however many times it runs.
   *
   * @param rows the range's new rows; each must have an event time in {@code [start, end)}
   * @return what the commit did; not committed when {@code transactionId} already was
   * @throws IllegalArgumentException if {@code start} is not before {@code end}
   * @throws ConcurrentCommitException if another writer changed those partitions meanwhile
   */
  CommitSummary replaceRange(
      FeatureView view,
      List<OfflineRow> rows,
      Instant start,
      Instant end,
      TransactionId transactionId);

  /**
   * Opens a writer of staged files for the view: rows written through it land in the table only
   * when {@link #appendStaged} or {@link #replaceRangeWithStaged} commits its files.
   */
  StagedWriter stage(FeatureView view);

  /**
   * Adds staged files to the view's table in one commit, creating the table on the first write.
   * Retrying with the same files and transaction id after any failure is safe: a transaction
   * already committed changes nothing, and the files are never deleted by this call.
   *
   * @param files files staged for this view by {@link #stage}; may be empty (the transaction is
   *     still recorded)
   * @return what the commit did; not committed when {@code transactionId} already was
   * @throws IllegalArgumentException if a file is not a staged data file of this view's table
   * @throws ConcurrentCommitException if another writer committed a conflicting change meanwhile
   */
  CommitSummary appendStaged(FeatureView view, List<StagedFile> files, TransactionId transactionId);

  /**
   * Replaces every row whose event time lies in {@code [start, end)} with the rows of the staged
   * files, in one commit, exactly as {@link #replaceRange} does with rows.
   *
   * @param files files staged for this view by {@link #stage}, each holding only rows in the range
   * @return what the commit did; not committed when {@code transactionId} already was
   * @throws IllegalArgumentException if {@code start} is not before {@code end}, or a file is not a
   *     staged data file of this view's table, or its statistics show rows outside the range
   * @throws ConcurrentCommitException if another writer changed those partitions meanwhile
   */
  CommitSummary replaceRangeWithStaged(
      FeatureView view,
      List<StagedFile> files,
      Instant start,
      Instant end,
      TransactionId transactionId);

  /**
   * Rewrites the small files of each partition (those under {@code targetFileSizeBytes}) into files
   * of about that size, in one commit that changes no data (it is marked {@code dataChange=false},
   * so it never conflicts with concurrent appends). A partition with fewer than two small files is
   * left alone.
   *
   * @return what the commit did; not committed when there was nothing to compact
   * @throws IllegalArgumentException if {@code targetFileSizeBytes} is not positive
   */
  CommitSummary compact(FeatureView view, long targetFileSizeBytes);

  /**
   * The newest version of the view's table. A table never written to has version -1 and no rows.
   */
  OfflineSnapshot snapshot(FeatureView view);

  /**
   * The view's table as it was at a version (time travel).
   *
   * @throws OfflineVersionNotFoundException if the table has no such version (never had it, or its
   *     log was cleaned up)
   */
  OfflineSnapshot snapshotAsOf(FeatureView view, long version);

  /**
   * The view's table as it was at an instant: the newest version committed at or before it. Commit
   * times are the modification times of the commit files, as Delta Lake defines them.
   *
   * @throws OfflineVersionNotFoundException if the table had no version yet at that instant
   */
  OfflineSnapshot snapshotAsOf(FeatureView view, Instant time);

  /**
   * The newest row of each entity among the rows with an event time in {@code [start, end)} of the
   * newest table version: the greatest event time, ties broken by the greatest created time. This
   * is what materialization copies to the online store.
   *
   * @return one row per entity, in no particular order
   */
  default List<OfflineRow> newestPerEntity(FeatureView view, Instant start, Instant end) {
    return snapshot(view).newestPerEntity(new TimeRange(start, end));
  }

  /**
   * The newest row of each of the given entities in the newest table version, found through
   * partition and file-statistics pruning ({@link OfflineSnapshot#newestOfEntities}). This is how
   * the server looks up an entity the online store does not hold yet.
   *
   * @return at most one row per entity, in no particular order
   */
  default List<OfflineRow> newestOfEntities(FeatureView view, Collection<List<Value>> entities) {
    return snapshot(view).newestOfEntities(entities);
  }
}
