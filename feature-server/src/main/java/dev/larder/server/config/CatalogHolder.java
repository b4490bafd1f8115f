package dev.larder.server.config;

import dev.larder.registry.RegistrySnapshot;
import dev.larder.registry.model.FeatureCatalog;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The definitions the server serves, held in memory so that nothing on the serving path reads the
 * registry, files or YAML. A reload swaps the whole snapshot at once: a request sees the old
 * definitions or the new ones, never a mix. Thread-safe.
 */
public final class CatalogHolder implements Supplier<FeatureCatalog> {

  private volatile RegistrySnapshot snapshot;

  public CatalogHolder(RegistrySnapshot snapshot) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
  }

  @Override
  public FeatureCatalog get() {
    return snapshot.catalog();
  }

  /** The definitions served now, with their revisions. */
  public RegistrySnapshot snapshot() {
    return snapshot;
  }

  /** Serves {@code next} from now on. */
  public void swap(RegistrySnapshot next) {
    snapshot = Objects.requireNonNull(next, "next");
  }
}
