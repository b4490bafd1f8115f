package dev.larder.storage.online;

import dev.larder.proto.types.v1.Value;
import java.util.List;
import java.util.Objects;

/**
 * A feature row to write, with its entity.
 *
 * @param entity join-key values in the view's join-key order
 */
public record EntityRow(List<Value> entity, OnlineRow row) {
  public EntityRow {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(row, "row");
  }
}
