package dev.larder.testing;

import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A real Redis server for integration tests, found in this order:
 *
 * <ol>
 *   <li>the URI in the environment variable {@value #URL_ENV} (a server the tests may flush);
 *   <li>a {@code redis:7.0} container, when Testcontainers is on the test classpath and a Docker
 *       engine answers;
 *   <li>a private {@code redis-server} process started from the PATH on a free port.
 * </ol>
 *
 * <p>Use it as {@code @RegisterExtension static final RedisServerExtension REDIS = new
 * RedisServerExtension();}: the server starts before the class's first test and stops after its
 * last. Outside JUnit Jupiter (jqwik properties), call {@link #start()} and {@link #close()}. The
 * admin helpers ({@link #flushAll()}, {@link #commandCalls(String)}, …) use one connection of their
 * own. Not meant for use from several threads at once.
 */
public final class RedisServerExtension
    extends RedisBackendFixture<RedisClient, StatefulRedisConnection<String, String>> {

  /** The environment variable naming an existing Redis to test against. */
  public static final String URL_ENV = "LARDER_TEST_REDIS_URL";

  private RedisURI uri;
  private String uriString;
  private RedisServerProcess local;
  private AutoCloseable container;

  public RedisServerExtension() {
    super(URL_ENV);
  }

  @Override
  protected boolean isStarted() {
    return uri != null;
  }

  @Override
  protected void useExisting(String url) {
    uri = RedisURI.create(url);
    uriString = url;
  }

  @Override
  protected void startContainer() {
    TestcontainersRedis redis = TestcontainersRedis.start();
    container = redis;
    uri = RedisURI.create(redis.host(), redis.port());
    uriString = "redis://" + redis.host() + ":" + redis.port();
  }

  @Override
  protected void startLocal() {
    if (RedisServerProcess.findBinary().isEmpty()) {
      throw new IllegalStateException(
          "No Redis for integration tests: "
              + URL_ENV
              + " is not set, no Docker engine answers, and there is no redis-server on the PATH. "
              + "Install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew "
              + "install redis), or set "
              + URL_ENV
              + "=redis://host:port to a Redis the tests may flush.");
    }
    local = startInTempDir("larder-redis-", RedisServerProcess::start);
    uri = RedisURI.create("127.0.0.1", local.port());
    uriString = "redis://127.0.0.1:" + local.port();
  }

  /** The server's URI, e.g. {@code redis://127.0.0.1:6390}. */
  public String uri() {
    started();
    return uriString;
  }

  public String host() {
    return started().getHost();
  }

  public int port() {
    return started().getPort();
  }

  /**
   * A synchronous connection for setting up and inspecting the server (not the code under test).
   */
  @Override
  public RedisCommands<String, String> commands() {
    started();
    return admin().sync();
  }

  @Override
  protected RedisClient newAdminClient() {
    return RedisClient.create(RedisURI.builder(uri).withTimeout(Duration.ofSeconds(10)).build());
  }

  @Override
  protected StatefulRedisConnection<String, String> connectAdmin(RedisClient client) {
    return client.connect();
  }

  /**
   * Resets the server's statistics, {@code INFO commandstats} included ({@code CONFIG RESETSTAT}).
   */
  @Override
  public void resetStats() {
    commands().configResetstat();
  }

  /**
   * How often the server has run a command since the last {@link #resetStats()}, from {@code INFO
   * commandstats}; 0 if never.
   *
   * @param command a command name, case-insensitive, e.g. {@code "mget"} or {@code
   *     "client|setinfo"}
   */
  @Override
  public byte[] rawValue(String key) {
    RedisClient client = RedisClient.create(started());
    try (StatefulRedisConnection<byte[], byte[]> raw = client.connect(ByteArrayCodec.INSTANCE)) {
      return raw.sync().get(key.getBytes(StandardCharsets.UTF_8));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Override
  public long commandCalls(String command) {
    return RedisBackend.callsIn(commands().info("commandstats"), command);
  }

  @Override
  public boolean isCluster() {
    return false;
  }

  @Override
  public RedisOnlineStoreOptions.Builder storeOptions() {
    return RedisOnlineStoreOptions.builder().redisUri(uri());
  }

  /** True when this extension runs the server as a local process that it can stop and restart. */
  public boolean canStopServer() {
    return local != null;
  }

  /**
   * Stops the local server process; clients see their connections drop.
   *
   * @throws UnsupportedOperationException unless {@link #canStopServer()}
   */
  public void stopServer() {
    requireLocal().stop();
  }

  /**
   * Starts the stopped local server again on the same port, empty, and waits until it answers.
   *
   * @throws UnsupportedOperationException unless {@link #canStopServer()}
   */
  public void restartServer() {
    requireLocal().start();
  }

  /** Closes the admin connection and stops the server if this extension started it. */
  @Override
  public void close() {
    super.close();
    local = null;
    if (container != null) {
      try {
        container.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the Redis container", e);
      } finally {
        container = null;
      }
    }
    uri = null;
    uriString = null;
  }

  private RedisURI started() {
    if (uri == null) {
      throw new IllegalStateException(
          "Redis is not started: register the extension as a static @RegisterExtension field, "
              + "or call start()");
    }
    return uri;
  }

  private RedisServerProcess requireLocal() {
    if (local == null) {
      throw new UnsupportedOperationException(
          "only a redis-server started by this extension can be stopped; this one is " + uri);
    }
    return local;
  }
}
