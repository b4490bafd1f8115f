package dev.larder.testing;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a Docker container. Kept apart from {@link RedisServerExtension} so that modules using
 * the extension without Testcontainers on their test classpath never load these classes.
 */
final class TestcontainersRedis implements AutoCloseable {

  static final String IMAGE = "redis:7.0";
  private static final int REDIS_PORT = 6379;

  private final GenericContainer<?> container;

  private TestcontainersRedis(GenericContainer<?> container) {
    this.container = container;
  }

  static TestcontainersRedis start() {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(REDIS_PORT);
    container.start();
    return new TestcontainersRedis(container);
  }

  String host() {
    return container.getHost();
  }

  int port() {
    return container.getMappedPort(REDIS_PORT);
  }

  @Override
  public void close() {
    container.stop();
  }
}
