package dev.larder.testing;

import org.testcontainers.DockerClientFactory;

/**
 * Asks Testcontainers whether a Docker engine answers. A class of its own so that fixtures load
 * Testcontainers' classes only after finding them on the classpath.
 */
final class DockerEngine {

  private DockerEngine() {}

  static boolean answers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
