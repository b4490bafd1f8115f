package dev.larder.registry.model;

import dev.larder.proto.types.v1.ValueType;
import java.util.Objects;

/** A column that identifies an entity, with its type. */
public record JoinKey(String name, ValueType type) {
  public JoinKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
