package dev.larder.storage.online;

import dev.larder.proto.types.v1.Value;
import java.util.List;
import java.util.Objects;

/**
 * A stored feature row.
 *
 * @param eventTimeMicros event time, microseconds since the epoch (UTC)
 * @param createdTimeMicros when the row was computed, microseconds since the epoch (UTC)
 * @param values feature values in the view's definition order; a null {@link Value} (no kind set)
 *     is a null feature value. A row written before features were added to the view is shorter than
 *     the view's feature list.
 */
public record OnlineRow(long eventTimeMicros, long createdTimeMicros, List<Value> values) {
  public OnlineRow {
    Objects.requireNonNull(values, "values");
  }
}
