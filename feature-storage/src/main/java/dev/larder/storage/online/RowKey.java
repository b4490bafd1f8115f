package dev.larder.storage.online;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import java.util.List;
import java.util.Objects;

/**
 * Identifies one online row: a view version and an entity.
 *
 * @param entity the entity's join-key values, in {@code view.joinKeys()} order and of their types
 */
public record RowKey(FeatureView view, List<Value> entity) {
  public RowKey {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(entity, "entity");
  }
}
