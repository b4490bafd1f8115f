package dev.larder.registry.model;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import java.util.Objects;

/**
 * One feature of a view.
 *
 * @param column the source column it copies; null when it aggregates or the view has no source
 * @param aggregation how it aggregates a source column; null when it copies one
 * @param defaultValue served when the entity has no row or its row is too old; null for none
 */
public record Feature(
    String name,
    ValueType type,
    String column,
    Aggregation aggregation,
    Value defaultValue,
    String description) {
  public Feature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }
}
