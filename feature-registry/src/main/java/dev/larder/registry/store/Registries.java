package dev.larder.registry.store;

import dev.larder.registry.Registry;
import dev.larder.registry.client.HttpRegistry;
import java.time.Clock;

/** Opens the registry a URL names. */
public final class Registries {

  private Registries() {}

  /**
   * Opens a registry: {@code jdbc:sqlite:PATH} (created when missing) or {@code
   * jdbc:postgresql://…}, whose schema is brought up to date, or {@code http(s)://host:port}, the
   * registry REST API of a feature server.
   *
   * @throws IllegalArgumentException naming the URL when no registry kind matches it
   * @throws dev.larder.registry.errors.RegistryUnavailableException when it cannot be reached
   */
  public static Registry open(String url) {
    return open(url, Clock.systemUTC());
  }

  /** Opens a registry; a database registry stamps history with {@code clock}. */
  public static Registry open(String url, Clock clock) {
    if (url.startsWith("http://") || url.startsWith("https://")) {
      return new HttpRegistry(url);
    }
    return JdbcRegistry.open(url, clock);
  }
}
