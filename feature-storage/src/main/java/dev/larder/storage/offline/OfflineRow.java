package dev.larder.storage.offline;

import dev.larder.proto.types.v1.Value;
import dev.larder.storage.RowVersions;
import java.util.List;
import java.util.Objects;

/**
 * One row of an offline table: an entity's feature values at an event time.
 *
 * @param entity join-key values in the view's join-key order
 * @param eventTimeMicros event time, microseconds since the epoch (UTC)
 * @param createdTimeMicros when the row was computed, microseconds since the epoch (UTC)
 * @param values feature values in the view's definition order; a {@link Value} with no kind set is
 *     a null value
 */
public record OfflineRow(
    List<Value> entity, long eventTimeMicros, long createdTimeMicros, List<Value> values) {
  public OfflineRow {
    entity = List.copyOf(Objects.requireNonNull(entity, "entity"));
    values = List.copyOf(Objects.requireNonNull(values, "values"));
  }

  /**
   * True when this row is newer than {@code other}: a later event time, or the same event time and
   * a later created time.
   */
  public boolean isNewerThan(OfflineRow other) {
    return RowVersions.isNewer(
        eventTimeMicros, createdTimeMicros, other.eventTimeMicros, other.createdTimeMicros);
  }
}
