package dev.larder.registry.model;

import java.util.List;
import java.util.Objects;

/** A thing features describe (a customer, a restaurant), identified by its join keys in order. */
public record Entity(String name, List<JoinKey> joinKeys, String description) {
  public Entity {
    Objects.requireNonNull(name, "name");
    joinKeys = List.copyOf(joinKeys);
    description = description == null ? "" : description;
  }
}
