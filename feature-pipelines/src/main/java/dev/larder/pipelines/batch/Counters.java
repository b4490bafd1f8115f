package dev.larder.pipelines.batch;

/** Names of the Flink accumulators the backfill operators count into. */
final class Counters {
  static final String READ = "larder.events.read";
  static final String GOOD = "larder.events.good";
  static final String BAD = "larder.events.bad";
  static final String UNIQUE = "larder.events.unique";
  static final String ROWS = "larder.rows.written";

  private Counters() {}
}
