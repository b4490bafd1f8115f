package dev.larder.storage.offline;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A data file written into a view's table directory by a {@link StagedWriter} and not yet part of
 * any table version: readers never see it until a commit adds it ({@link
 * OfflineStore#appendStaged}, {@link OfflineStore#replaceRangeWithStaged}). Serializable, so a
 * pipeline can carry it from the task that wrote it to the one that commits, through a checkpoint
 * if need be. A staged file never committed is an orphan that no reader sees.
 *
 * @param path the file's path relative to the table root, as the table's log records it
 * @param eventDate its {@code event_date} partition
 * @param sizeBytes its size
 * @param modificationTime milliseconds since the epoch
 * @param rowCount rows in the file
 * @param stats the file's statistics as the table's log records them (JSON); null when unknown
 */
public record StagedFile(
    String path,
    LocalDate eventDate,
    long sizeBytes,
    long modificationTime,
    long rowCount,
    String stats)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public StagedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(eventDate, "eventDate");
  }
}
