package dev.larder.pipelines.transform;

import java.util.List;
import java.util.Objects;

/**
 * A parsed, typed source event.
 *
 * <p>Values are plain Java objects so that any engine can move events around: BOOL {@code Boolean},
 * INT32 {@code Integer}, INT64 {@code Long}, FLOAT {@code Float}, DOUBLE {@code Double}, STRING
 * {@code String}, BYTES {@code byte[]}, TIMESTAMP {@code Long} microseconds since the epoch (UTC),
 * {@code LIST<T>} a {@code List} of T; null for a null cell.
 *
 * @param entityKey an unambiguous encoding of the join-key values ({@link EntityKeys#encode})
 * @param eventTimeMicros event time, microseconds since the epoch (UTC)
 * @param id the id field's value ({@code String} or {@code Long} or {@code Integer}), or null when
 *     the source has no id field
 * @param columns the values of the source's schema columns, in schema order
 * @param file where the event was read from (for ordering duplicates and reporting)
 * @param line its 1-based line (or record) number in {@code file}
 */
public record Event(
    String entityKey, long eventTimeMicros, Object id, List<Object> columns, String file, long line)
    implements Parsed {
  public Event {
    Objects.requireNonNull(entityKey, "entityKey");
    Objects.requireNonNull(columns, "columns");
    file = file == null ? "" : file;
  }
}
