package dev.larder.pipelines.transform;

import java.util.List;
import java.util.Objects;

/**
 * One computed feature row, engine-neutral: an entity's feature values at an event time.
 *
 * @param entity join-key values in the view's join-key order
 * @param eventTimeMicros the event time the row is stamped with, microseconds since the epoch
 * @param values feature values in definition order, as plain Java values (see {@link Event}); null
 *     for a null value. COUNT gives {@code Long}, SUM {@code Long} or {@code Double}, AVG {@code
 *     Double}; {@link FeatureValues} converts them to the declared type.
 */
public record FeatureRow(List<Object> entity, long eventTimeMicros, List<Object> values) {
  public FeatureRow {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(values, "values");
  }
}
