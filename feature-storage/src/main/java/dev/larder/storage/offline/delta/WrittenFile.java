package dev.larder.storage.offline.delta;

import java.time.LocalDate;

/**
 * A data file written and not yet committed.
 *
 * @param path the file's path relative to the table root, as the Delta log records it
 * @param date its {@code event_date} partition
 * @param size bytes
 * @param modificationTime milliseconds since the epoch
 */
record WrittenFile(
    String path, LocalDate date, long size, long modificationTime, FileStats stats) {}
