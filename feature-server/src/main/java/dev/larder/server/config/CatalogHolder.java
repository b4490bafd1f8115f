package dev.larder.server.config;

import dev.larder.registry.model.FeatureCatalog;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The definitions the server serves, held in memory: loaded once at start-up, so that nothing on
 * the serving path reads files or parses YAML. Thread-safe (immutable).
 */
public final class CatalogHolder implements Supplier<FeatureCatalog> {

  private final FeatureCatalog catalog;

  public CatalogHolder(FeatureCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public FeatureCatalog get() {
    return catalog;
  }
}
