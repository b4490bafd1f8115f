package dev.larder.storage.online.redis;

import dev.larder.storage.online.OnlineStoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client and the two connections of an online store, to one Redis server or to a Redis Cluster:
 * the one place that knows which. Readers and writers see the commands both kinds share ({@link
 * RedisClusterAsyncCommands}); on a cluster Lettuce routes each command by its keys' slot and
 * splits a cross-slot {@code MGET} into one {@code MGET} per slot, pipelined to the nodes.
 *
 * @param read shared, auto-flush on
 * @param write dedicated to the writer, which turns auto-flush off
 * @param cluster whether the keys of one script call must share a slot
 */
record RedisConnections(
    ClientResources resources,
    AbstractRedisClient client,
    StatefulConnection<byte[], byte[]> read,
    RedisClusterAsyncCommands<byte[], byte[]> readCommands,
    StatefulConnection<byte[], byte[]> write,
    RedisClusterAsyncCommands<byte[], byte[]> writeCommands,
    boolean cluster) {

  /**
   * Adaptive topology reloads (on redirects, lost connections, uncovered slots) happen at most this
   * often, so that a failover is noticed within about this long.
   */
  static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofMillis(500);

  /** Reconnect attempts to one node before its topology is reloaded. */
  private static final int RECONNECTS_BEFORE_REFRESH = 2;

  /**
   * The group whose keys may go into one script call: the key's slot on a cluster (a script's keys
   * must share a slot there), one group for everything on a single server.
   */
  int scriptGroup(byte[] key) {
    return cluster ? SlotHash.getSlot(key) : 0;
  }

  /**
   * The longest pause between reconnect attempts after Redis was lost: Lettuce's default grows to
   * 30 s, which would keep a server on fallbacks for half a minute after Redis is back.
   */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);

  /**
   * Connects as the options say: to the cluster of {@link RedisOnlineStoreOptions#clusterNodes()}
   * when there are any, else to the server at {@link RedisOnlineStoreOptions#redisUri()}.
   *
   * @throws OnlineStoreUnavailableException if Redis cannot be reached; nothing is left open
   */
  static RedisConnections open(RedisOnlineStoreOptions options) {
    ClientResources resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    AbstractRedisClient client = null;
    StatefulConnection<byte[], byte[]> read = null;
    try {
      if (options.isCluster()) {
        RedisClusterClient cluster = clusterClient(resources, options);
        client = cluster;
        StatefulRedisClusterConnection<byte[], byte[]> r = cluster.connect(ByteArrayCodec.INSTANCE);
        read = r;
        if (options.replicaReads()) {
          r.setReadFrom(ReadFrom.REPLICA_PREFERRED);
        }
        StatefulRedisClusterConnection<byte[], byte[]> w = cluster.connect(ByteArrayCodec.INSTANCE);
        return new RedisConnections(resources, cluster, r, r.async(), w, w.async(), true);
      }
      RedisURI uri = options.parsedUri();
      uri.setTimeout(options.connectTimeout());
      RedisClient single = RedisClient.create(resources, uri);
      client = single;
      single.setOptions(clientOptions(ClientOptions.builder(), options).build());
      StatefulRedisConnection<byte[], byte[]> r = single.connect(ByteArrayCodec.INSTANCE);
      read = r;
      StatefulRedisConnection<byte[], byte[]> w = single.connect(ByteArrayCodec.INSTANCE);
      return new RedisConnections(resources, single, r, r.async(), w, w.async(), false);
    } catch (RuntimeException e) {
      if (read != null) {
        read.close();
      }
      long timeout = options.shutdownTimeout().toMillis();
      if (client != null) {
        client.shutdown(0, timeout, TimeUnit.MILLISECONDS);
      }
      resources.shutdown(0, timeout, TimeUnit.MILLISECONDS).awaitUninterruptibly(timeout);
      throw new OnlineStoreUnavailableException(
          "cannot connect to " + where(options) + ": " + e.getMessage(), e);
    }
  }

  private static RedisClusterClient clusterClient(
      ClientResources resources, RedisOnlineStoreOptions options) {
    List<RedisURI> seeds = options.parsedClusterNodes();
    seeds.forEach(uri -> uri.setTimeout(options.connectTimeout()));
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    ClusterTopologyRefreshOptions refresh =
        ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(options.topologyRefreshPeriod())
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_LIMIT)
            .refreshTriggersReconnectAttempts(RECONNECTS_BEFORE_REFRESH)
            .build();
    client.setOptions(
        clientOptions(ClusterClientOptions.builder(), options)
            .topologyRefreshOptions(refresh)
            .build());
    return client;
  }

  /**
   * What both kinds share: command and connect timeouts, and commands issued while a connection is
   * down fail at once rather than queue, so callers can fall back without waiting.
   */
  private static <B extends ClientOptions.Builder> B clientOptions(
      B builder, RedisOnlineStoreOptions options) {
    builder
        .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).build())
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .autoReconnect(true);
    return builder;
  }

  private static String where(RedisOnlineStoreOptions options) {
    if (options.isCluster()) {
      return "Redis Cluster at "
          + String.join(
              ", ",
              options.parsedClusterNodes().stream()
                  .map(u -> u.getHost() + ":" + u.getPort())
                  .toList());
    }
    RedisURI uri = options.parsedUri();
    return "Redis at " + uri.getHost() + ":" + uri.getPort();
  }
}
