package dev.larder.pipelines.batch;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What one backfill run did. {@code eventsRead = good + bad}; {@code duplicates} are good events
 * dropped because an earlier-read event had the same id.
 *
 * @param eventsRead records read from the source files
 * @param good records that parsed
 * @param bad records sent to the dead-letter file
 * @param duplicates good records dropped as duplicates
 * @param rowsWritten feature rows written for the range
 * @param tableVersion the Delta table version after the run
 * @param deadLetterFile where the bad records are; empty when there were none
 * @param elapsed wall time of the job
 */
public record BackfillResult(
    String runId,
    long eventsRead,
    long good,
    long bad,
    long duplicates,
    long rowsWritten,
    long tableVersion,
    Optional<URI> deadLetterFile,
    Duration elapsed) {

  /** Events per second read, over the whole job. */
  public double eventsPerSecond() {
    return eventsRead / Math.max(1e-9, elapsed.toNanos() / 1e9);
  }
}
