package dev.larder.storage.offline;

import java.net.URI;
import java.time.LocalDate;

/**
 * One Parquet data file of an offline table version, for readers that read the files themselves
 * (the training-set join reads only the columns it needs).
 *
 * @param uri where the file is, absolute (a Hadoop file system URI)
 * @param date its {@code event_date} partition; null when the log gives none
 * @param sizeBytes its length in bytes
 */
public record DataFile(URI uri, LocalDate date, long sizeBytes) {}
