package dev.larder.storage.online.redis;

import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens the Redis {@link OnlineStore}. */
public final class RedisOnlineStores {

  /**
   * The longest pause between reconnect attempts after Redis was lost: Lettuce's default grows to
   * 30 s, which would keep a server on fallbacks for half a minute after Redis is back.
   */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);

  private RedisOnlineStores() {}

  /**
   * Connects to Redis and returns the online store on it.
   *
   * <p>The store owns one {@code ClientResources} (I/O threads), one {@code RedisClient} and two
   * connections: a shared one for reads (each {@link OnlineStore#read} is one {@code MGET}) and a
   * dedicated one for pipelined newest-wins writes. {@link OnlineStore#close()} releases all of
   * them, waiting at most {@link RedisOnlineStoreOptions#shutdownTimeout()}.
   *
   * <p>Every command fails after {@link RedisOnlineStoreOptions#commandTimeout()}. When the
   * connection drops, Lettuce reconnects in the background and commands issued meanwhile fail at
   * once rather than queue, so callers can fall back without waiting. All such failures complete
   * the futures with {@link OnlineStoreUnavailableException}, whose cause is Lettuce's exception.
   * Input that does not fit the view fails the future with {@code InvalidEntityKeyException} or
   * {@code InvalidRowsException} before anything is sent. A stored row this version cannot read (a
   * newer format, corrupt bytes) is a null entry of the read, for its key alone, and logged.
   *
   * <p>Blocks while connecting, at most {@link RedisOnlineStoreOptions#connectTimeout()} per
   * connection. The returned store is thread-safe.
   *
   * @throws OnlineStoreUnavailableException if Redis cannot be reached; nothing is left open
   */
  public static OnlineStore connect(RedisOnlineStoreOptions options) {
    RedisURI uri = options.parsedUri();
    uri.setTimeout(options.connectTimeout());
    ClientResources resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).build())
            .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .autoReconnect(true)
            .build());
    StatefulRedisConnection<byte[], byte[]> read = null;
    try {
      read = client.connect(ByteArrayCodec.INSTANCE);
      StatefulRedisConnection<byte[], byte[]> write = client.connect(ByteArrayCodec.INSTANCE);
      return new RedisOnlineStore(resources, client, read, write, options);
    } catch (RuntimeException e) {
      if (read != null) {
        read.close();
      }
      long timeout = options.shutdownTimeout().toMillis();
      client.shutdown(0, timeout, TimeUnit.MILLISECONDS);
      resources.shutdown(0, timeout, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout);
      throw new OnlineStoreUnavailableException(
          "cannot connect to Redis at "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
