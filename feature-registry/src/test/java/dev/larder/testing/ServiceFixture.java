package dev.larder.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real service for integration tests, found in the order every Larder fixture uses: the service
 * an environment variable names, else a container when Testcontainers is on the test classpath and
 * a Docker engine answers, else a private local process. Subclasses say how to do each.
 *
 * <p>Register a subclass as a static {@code @RegisterExtension} field: it starts before the class's
 * first test and stops after its last. Outside JUnit Jupiter (jqwik properties), call {@link
 * #start()} and {@link #close()}. Not meant for use from several threads at once.
 */
public abstract class ServiceFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private final String urlEnv;

  /**
   * @param urlEnv the environment variable that names an existing service to test against
   */
  protected ServiceFixture(String urlEnv) {
    this.urlEnv = urlEnv;
  }

  @Override
  public final void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Finds or starts the service; does nothing if already started.
   *
   * @throws IllegalStateException when no service can be had, saying how to get one
   */
  public final void start() {
    if (isStarted()) {
      return;
    }
    String url = System.getenv(urlEnv);
    if (url != null && !url.isBlank()) {
      useExisting(url);
    } else if (dockerEngineAnswers()) {
      startContainer();
    } else {
      startLocal();
    }
  }

  protected abstract boolean isStarted();

  /** Uses the service the environment variable names. */
  protected abstract void useExisting(String url);

  /** Starts the service in a container; a Docker engine answers. */
  protected abstract void startContainer();

  /**
   * Starts a private local process.
   *
   * @throws IllegalStateException when its binary is missing, saying how to install it or which
   *     environment variable to set
   */
  protected abstract void startLocal();

  /** Stops what this fixture started; a service named by the environment is left running. */
  @Override
  public abstract void close();

  /** True when Testcontainers is on the test classpath and a Docker engine answers. */
  static boolean dockerEngineAnswers() {
    try {
      Class.forName(
          "org.testcontainers.DockerClientFactory", false, ServiceFixture.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    return DockerEngine.answers();
  }
}
