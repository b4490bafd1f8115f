package dev.larder.cli;

import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of the commands that use the online store (one Redis server or a Redis Cluster). */
final class RedisOptions {

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description =
          "Redis to use (default: larder.yaml's redis_url, LARDER_REDIS_URL, or a private redis-server under .larder/).")
  String redisUrl;

  @Option(
      names = "--redis-cluster-nodes",
      paramLabel = "HOST:PORT",
      split = ",",
      description =
          "Seed nodes of a Redis Cluster to use instead of one Redis server (default: larder.yaml's redis_cluster_nodes, LARDER_REDIS_CLUSTER_NODES).")
  List<String> clusterNodes;

  /** The Redis to use: the option, else the config, else local mode's private redis-server. */
  String redis(LarderConfig config) {
    return Optional.ofNullable(redisUrl)
        .or(() -> config.get("redis_url"))
        .orElseGet(() -> new LocalRedis(config.localDir()).ensureRunning());
  }

  /**
   * The seed nodes of the Redis Cluster to use: the option, else the config's comma-separated
   * {@code redis_cluster_nodes}; empty for one Redis server.
   */
  List<String> clusterNodes(LarderConfig config) {
    if (clusterNodes != null && !clusterNodes.isEmpty()) {
      return clusterNodes;
    }
    return config
        .get("redis_cluster_nodes")
        .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList())
        .orElse(List.of());
  }

  /**
   * Online store options for the Redis to use: the cluster when there is one, else {@link #redis}.
   */
  RedisOnlineStoreOptions.Builder storeOptions(LarderConfig config) {
    List<String> nodes = clusterNodes(config);
    RedisOnlineStoreOptions.Builder options = RedisOnlineStoreOptions.builder();
    return nodes.isEmpty() ? options.redisUri(redis(config)) : options.clusterNodes(nodes);
  }

  /** The feature server's settings for the Redis to use. */
  Map<String, Object> serverProperties(LarderConfig config) {
    List<String> nodes = clusterNodes(config);
    return nodes.isEmpty()
        ? Map.of("larder.redis.url", redis(config))
        : Map.of("larder.redis.cluster.nodes", String.join(",", nodes));
  }
}
