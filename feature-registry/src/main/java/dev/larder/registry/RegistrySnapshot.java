package dev.larder.registry;

import dev.larder.registry.model.FeatureCatalog;
import java.util.Map;
import java.util.Objects;

/**
 * Every registered project at one moment.
 *
 * @param revisions each project's revision, by name
 */
public record RegistrySnapshot(FeatureCatalog catalog, Map<String, Long> revisions) {
  public RegistrySnapshot {
    Objects.requireNonNull(catalog, "catalog");
    revisions = Map.copyOf(revisions);
  }
}
