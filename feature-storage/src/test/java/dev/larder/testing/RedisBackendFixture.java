package dev.larder.testing;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * What the {@link RedisBackend} fixtures share, for one server and for a cluster alike: the admin
 * connection their helpers use, opened on first use, and the local {@code redis-server} processes
 * they start in a temporary folder. {@link #close()} closes the connection, stops the processes and
 * deletes the folder. Not meant for use from several threads at once.
 *
 * @param <K> the admin connection's client
 * @param <C> the admin connection
 */
abstract class RedisBackendFixture<
        K extends AbstractRedisClient, C extends StatefulConnection<String, String>>
    extends ServiceFixture implements RedisBackend {

  private K adminClient;
  private C admin;
  private AutoCloseable local;
  private Path localDir;

  protected RedisBackendFixture(String urlEnv) {
    super(urlEnv);
  }

  /** A new client for the admin connection of the started Redis. */
  protected abstract K newAdminClient();

  /** Opens the admin connection with {@code client}. */
  protected abstract C connectAdmin(K client);

  /** The admin connection, opened on first use after a start. */
  protected final C admin() {
    if (admin == null) {
      adminClient = newAdminClient();
      admin = connectAdmin(adminClient);
    }
    return admin;
  }

  /** The client of the {@link #admin()} connection. */
  protected final K adminClient() {
    admin();
    return adminClient;
  }

  /**
   * Starts local Redis processes in a new temporary folder named {@code prefix…}; {@link #close()}
   * stops them and deletes the folder.
   *
   * @param start starts the processes in the folder it is given
   * @return what {@code start} returned
   */
  protected final <P extends AutoCloseable> P startInTempDir(
      String prefix, Function<Path, P> start) {
    localDir = TempDirs.create(prefix);
    P processes = start.apply(localDir);
    local = processes;
    return processes;
  }

  /** Closes the admin connection, stops the local processes and deletes their folder. */
  @Override
  public void close() {
    if (admin != null) {
      admin.close();
      adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      admin = null;
      adminClient = null;
    }
    if (local != null) {
      try {
        local.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the local Redis in " + localDir, e);
      } finally {
        local = null;
        TempDirs.deleteRecursively(localDir);
        localDir = null;
      }
    }
  }
}
