package dev.larder.storage.offline;

import java.util.List;

/**
 * Writes rows of one view into staged data files: Parquet files in the view's table directory, one
 * or more per {@code event_date} partition, that become part of the table only when a commit adds
 * them. This lets a pipeline write any number of rows with bounded memory, in parallel tasks, and
 * land them all in one commit. Not thread-safe; use one per task.
 */
public interface StagedWriter extends AutoCloseable {

  /**
   * Writes a row into a file of its partition.
   *
   * @throws dev.larder.registry.errors.InvalidRowsException if the row does not fit the view (see
   *     {@link OfflineStore})
   * @throws OfflineStoreException if a file cannot be written
   */
  void write(OfflineRow row);

  /**
   * Completes the open files. The writer takes no more rows afterwards.
   *
   * @return every file this writer staged, none when it got no rows
   * @throws OfflineStoreException if a file cannot be completed
   */
  List<StagedFile> finish();

  /** Abandons files not yet completed. Files already returned by {@link #finish()} stay. */
  @Override
  void close();
}
