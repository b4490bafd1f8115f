package dev.larder.testing;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in a Docker container. Kept apart from {@link PostgresServerExtension} so that modules
 * using the extension without Testcontainers on their test classpath never load these classes.
 */
final class TestcontainersPostgres implements AutoCloseable {

  static final String IMAGE = "postgres:15";
  private static final int POSTGRES_PORT = 5432;
  private static final String PASSWORD = "larder";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final GenericContainer<?> container;

  private TestcontainersPostgres(GenericContainer<?> container) {
    this.container = container;
  }

  static TestcontainersPostgres start() {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withExposedPorts(POSTGRES_PORT)
            .withEnv("POSTGRES_PASSWORD", PASSWORD)
            .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off")
            // The image's entrypoint starts a temporary server first: wait for the second "ready".
            .waitingFor(
                Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                    .withStartupTimeout(START_TIMEOUT));
    container.start();
    return new TestcontainersPostgres(container);
  }

  /** The {@code postgres} database as the superuser {@code postgres}. */
  String jdbcUrl() {
    return "jdbc:postgresql://"
        + container.getHost()
        + ":"
        + container.getMappedPort(POSTGRES_PORT)
        + "/postgres?user=postgres&password="
        + PASSWORD;
  }

  @Override
  public void close() {
    container.stop();
  }
}
