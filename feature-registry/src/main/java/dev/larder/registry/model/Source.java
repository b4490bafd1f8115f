package dev.larder.registry.model;

import dev.larder.proto.types.v1.ValueType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stream and/or batch of raw events with a schema, an event-time field and an optional dedup key.
 *
 * @param schema column name to type, in declared order
 * @param idField the dedup key, or null when events carry none
 * @param stream null when the source has no stream
 * @param batch null when the source has no batch location
 */
public record Source(
    String name,
    String timestampField,
    String idField,
    Map<String, ValueType> schema,
    StreamConfig stream,
    BatchConfig batch,
    String description) {
  public Source {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timestampField, "timestampField");
    schema = Collections.unmodifiableMap(new LinkedHashMap<>(schema));
    description = description == null ? "" : description;
  }
}
