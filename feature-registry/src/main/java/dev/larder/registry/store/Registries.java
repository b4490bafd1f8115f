package dev.larder.registry.store;

import dev.larder.registry.Registry;
import java.time.Clock;

/** Opens the registry a URL names. */
public final class Registries {

  private Registries() {}

  /**
   * Opens a registry: {@code jdbc:sqlite:PATH} (created when missing) or {@code
   * jdbc:postgresql://…}; the schema is brought up to date.
   *
   * @throws IllegalArgumentException naming the URL when no registry kind matches it
   * @throws dev.larder.registry.errors.RegistryUnavailableException when it cannot be reached
   */
  public static Registry open(String url) {
    return open(url, Clock.systemUTC());
  }

  /** Opens a registry whose history timestamps come from {@code clock}. */
  public static Registry open(String url, Clock clock) {
    return JdbcRegistry.open(url, clock);
  }
}
