package dev.larder.pipelines;

/**
 * Names of the Flink accumulators the pipelines count into: a finished job's result holds them, a
 * running job's client reads them.
 */
public final class PipelineCounters {
  /** Raw records read from the source. */
  public static final String READ = "larder.events.read";

  /** Records that parsed into events. */
  public static final String GOOD = "larder.events.good";

  /** Records that did not, sent to the dead letters. */
  public static final String BAD = "larder.events.bad";

  /** Events left after dropping duplicates of their id. */
  public static final String UNIQUE = "larder.events.unique";

  /** Events dropped as duplicates of an earlier event's id (streaming). */
  public static final String DUPLICATES = "larder.events.duplicates";

  /** Events that came after the watermark had passed them, sent to the late-events table. */
  public static final String LATE = "larder.events.late";

  /** Feature rows computed (each goes to Delta, and in streaming to Redis too). */
  public static final String ROWS = "larder.rows.written";

  /** The newest event time of a computed row, microseconds since the epoch (a maximum). */
  public static final String NEWEST_ROW_MICROS = "larder.rows.newest-event-micros";

  private PipelineCounters() {}
}
