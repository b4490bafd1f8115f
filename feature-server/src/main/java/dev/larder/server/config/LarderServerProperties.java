package dev.larder.server.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server's settings, under {@code larder.*}; each is also an environment variable by Spring's
 * relaxed binding ({@code LARDER_REDIS_URL}, {@code LARDER_GRPC_PORT}, ...).
 */
@ConfigurationProperties("larder")
public record LarderServerProperties(
    @DefaultValue Registry registry,
    @DefaultValue Redis redis,
    @DefaultValue Serving serving,
    @DefaultValue Grpc grpc,
    @DefaultValue Offline offline) {

  public static final int DEFAULT_MAX_ROWS = 1000;

  /**
   * @param url the registry the definitions come from: {@code jdbc:sqlite:PATH} or {@code
   *     jdbc:postgresql://…}
   * @param pollInterval how often the server looks for a new revision of the definitions
   */
  public record Registry(String url, @DefaultValue("1s") Duration pollInterval) {
    public Registry {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException(
            "larder.registry.poll-interval must be positive, was " + pollInterval);
      }
    }
  }

  /**
   * @param url the Redis server, {@code redis://host:port}; ignored when {@code cluster.nodes} is
   *     set
   * @param commandTimeout the longest any Redis command may take before it fails
   * @param cluster a Redis Cluster to use instead of the server at {@code url}
   */
  public record Redis(
      @DefaultValue("redis://127.0.0.1:6379") String url,
      @DefaultValue("1s") Duration commandTimeout,
      @DefaultValue Cluster cluster) {}

  /**
   * A Redis Cluster ({@code larder.redis.cluster.*}).
   *
   * @param nodes seed nodes, {@code host:port} or {@code redis://host:port}; empty (the default)
   *     for the single server at {@code larder.redis.url}
   * @param replicaReads read from a replica of each slot when one is up (may lag the master by the
   *     replication delay)
   * @param refreshPeriod how often the cluster's topology is reloaded, besides the reloads on
   *     redirects and lost connections
   */
  public record Cluster(
      @DefaultValue List<String> nodes,
      @DefaultValue("false") boolean replicaReads,
      @DefaultValue("30s") Duration refreshPeriod) {}

  /**
   * @param maxRows the most rows one request may carry
   */
  public record Serving(@DefaultValue("" + DEFAULT_MAX_ROWS) int maxRows) {
    public Serving {
      if (maxRows < 1) {
        throw new IllegalArgumentException("larder.serving.max-rows must be >= 1, was " + maxRows);
      }
    }
  }

  /**
   * @param port the gRPC port; 0 picks a free one
   * @param shutdownGrace how long stopping waits for in-flight calls
   */
  public record Grpc(@DefaultValue("6566") int port, @DefaultValue("5s") Duration shutdownGrace) {}

  /**
   * @param root the offline store's root: a directory, or a Hadoop file system URI
   * @param trainingSets where training sets asked for without an output path are written
   */
  public record Offline(
      @DefaultValue(".larder/offline") String root,
      @DefaultValue(".larder/training-sets") String trainingSets) {}
}
