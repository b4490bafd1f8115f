package dev.larder.server.config;

import dev.larder.registry.model.FeatureCatalog;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The definitions the server serves, held in memory and swapped whole: a reader sees either the old
 * catalog or the new one, never a mix. Thread-safe.
 */
public final class CatalogHolder implements Supplier<FeatureCatalog> {

  private final AtomicReference<FeatureCatalog> current;

  public CatalogHolder(FeatureCatalog initial) {
    current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  @Override
  public FeatureCatalog get() {
    return current.get();
  }

  /** Replaces the catalog; requests that already started finish with the old one. */
  public void replace(FeatureCatalog catalog) {
    current.set(Objects.requireNonNull(catalog, "catalog"));
  }
}
