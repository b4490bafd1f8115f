package dev.larder.storage.online.redis;

import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.OnlineStoreUnavailableException;

/** Opens the Redis {@link OnlineStore}, on one Redis server or on a Redis Cluster. */
public final class RedisOnlineStores {

  private RedisOnlineStores() {}

  /**
   * Connects to Redis and returns the online store on it.
   *
   * <p>The store owns one {@code ClientResources} (I/O threads), one Redis client and two
   * connections: a shared one for reads (each {@link OnlineStore#read} is one {@code MGET}) and a
   * dedicated one for pipelined newest-wins writes. {@link OnlineStore#close()} releases all of
   * them, waiting at most {@link RedisOnlineStoreOptions#shutdownTimeout()}.
   *
   * <p>With {@link RedisOnlineStoreOptions#clusterNodes()} set, the store works on a Redis Cluster
   * with the same code: a read's keys are split by slot into one {@code MGET} per slot, pipelined
   * to the nodes that own them; a write's rows are grouped by slot, each script call holding rows
   * of one slot. The topology is reloaded every {@link
   * RedisOnlineStoreOptions#topologyRefreshPeriod()} and at once on redirects and lost connections,
   * so a failover is followed within a second or so; meanwhile commands to the lost master fail.
   * Reads go to replicas with {@link RedisOnlineStoreOptions#replicaReads()}.
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
    return new RedisOnlineStore(RedisConnections.open(options), options);
  }

  /**
   * As {@link #connect(RedisOnlineStoreOptions)}, with the writer's use of {@code SET … NX} set.
   */
  static OnlineStore connect(
      RedisOnlineStoreOptions options, NewestWinsWriter.AbsentKeys absentKeys) {
    return new RedisOnlineStore(RedisConnections.open(options), options, absentKeys);
  }
}
