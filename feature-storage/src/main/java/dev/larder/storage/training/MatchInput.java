package dev.larder.storage.training;

/**
 * One view's half of a training-set join, as primitive columns: the entity rows (entity id, time)
 * and the view's rows (entity id, event time, created time, sequence number). Entity ids come from
 * one dictionary, so equal ids mean equal join keys; -1 is an entity no row can match. The arrays
 * may be longer than the counts. Read-only for matchers.
 *
 * @param ttlMicros the view's ttl in microseconds, or {@link PointInTimeIndex#NO_TTL}
 */
public record MatchInput(
    int entityCount,
    int[] entityKeys,
    long[] entityTimes,
    int viewCount,
    int[] viewKeys,
    long[] eventTimes,
    long[] createdTimes,
    long[] sequences,
    int keyCount,
    long ttlMicros) {

  /** An index of the view's rows. */
  public PointInTimeIndex index() {
    return new PointInTimeIndex(
        viewCount, viewKeys, keyCount, eventTimes, createdTimes, sequences, ttlMicros);
  }
}
