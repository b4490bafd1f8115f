package dev.larder.storage.offline;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One version of a view's offline table, fixed: reading it twice gives the same rows whatever
 * writers do meanwhile, as long as the files it lists are not vacuumed.
 *
 * <p>Thread-safe; reads block on I/O and throw {@link OfflineStoreException} when a file cannot be
 * read.
 */
public interface OfflineSnapshot {

  /** The view whose table this is. */
  FeatureView view();

  /**
   * The table version: the number of the commit this snapshot ends at, -1 for a table never
   * written. Recorded in a training set's lineage, it lets {@link
   * OfflineStore#snapshotAsOf(FeatureView, long)} reproduce the same read.
   */
  long version();

  /** The number of data files in this version. */
  int fileCount();

  /** The number of rows in this version, from the files' statistics. */
  long rowCount();

  /** The {@code event_date} partitions that hold at least one file. */
  Set<LocalDate> partitions();

  /**
   * Passes every row that matches the filter to {@code consumer}, file by file; the order of rows
   * is unspecified. Files are skipped without being opened when their partition or their statistics
   * (event time and join-key minimum and maximum) show that no row can match.
   */
  void scan(ReadFilter filter, Consumer<OfflineRow> consumer);

  /**
   * As {@link #scan}, with up to {@code parallelism} files read at once on threads of this call, so
   * {@code consumer} is called concurrently and must be thread-safe. Returns when every file is
   * read; when one fails, files not yet started are not read.
   *
   * @throws IllegalArgumentException if {@code parallelism} is below 1
   */
  void scanConcurrently(ReadFilter filter, int parallelism, Consumer<OfflineRow> consumer);

  /**
   * The data files that may hold rows the filter matches, in the order of the table's log: files
   * whose partition or statistics (event time and join-key minimum and maximum) show that no row
   * can match are left out without being opened. Rows of the files still have to be checked against
   * the filter.
   */
  List<DataFile> files(ReadFilter filter);

  /** Every row that matches the filter, in unspecified order. */
  default List<OfflineRow> read(ReadFilter filter) {
    List<OfflineRow> rows = new ArrayList<>();
    scan(filter, rows::add);
    return rows;
  }

  /**
   * The newest row of each entity among the rows with an event time in the range: the greatest
   * event time, ties broken by the greatest created time (either row when both are equal).
   *
   * @return one row per entity, in no particular order
   */
  List<OfflineRow> newestPerEntity(TimeRange range);

  /**
   * The newest row of each of the given entities, whatever its event time: the greatest event time,
   * ties broken by the greatest created time. Files whose join-key statistics exclude every entity
   * are skipped unopened, and partitions are read newest first, stopping as soon as every entity
   * has a row, since an older partition can only hold older rows.
   *
   * @param entities join-key values in the view's join-key order
   * @return at most one row per entity, in no particular order; entities without a row are absent
   */
  List<OfflineRow> newestOfEntities(Collection<List<Value>> entities);
}
