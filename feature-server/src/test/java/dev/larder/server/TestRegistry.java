package dev.larder.server;

import dev.larder.registry.Registry;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.Project;
import dev.larder.registry.store.Registries;
import java.nio.file.Path;

/** A real registry (a SQLite file) for server tests, holding definitions applied from a folder. */
public final class TestRegistry {

  /** The test definitions every server test starts with. */
  public static final Path DEFINITIONS = Path.of("src/test/resources/definitions");

  /** A view more for the shop project, {@code user_activity}, that reload tests apply. */
  public static final Path ACTIVITY = Path.of("src/test/resources/definitions-activity");

  private TestRegistry() {}

  /** The URL of a registry in {@code dir}, created when missing. */
  public static String url(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("registry.db");
  }

  /**
   * Applies every project of a definitions folder to the registry at {@code url}.
   *
   * @return the URL, for chaining into server properties
   */
  public static String apply(String url, Path definitions) {
    try (Registry registry = Registries.open(url)) {
      for (Project p : new DefinitionLoader().load(definitions).projects()) {
        registry.apply(registry.plan(p, false), "test");
      }
    }
    return url;
  }
}
