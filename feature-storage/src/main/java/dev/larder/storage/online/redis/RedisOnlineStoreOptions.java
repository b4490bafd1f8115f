package dev.larder.storage.online.redis;

import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How {@link RedisOnlineStores#connect} reaches Redis and writes rows.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}. {@link Builder#build()} checks
 * every setting and names the bad one in its {@link IllegalArgumentException}.
 */
public final class RedisOnlineStoreOptions {

  /** Redis on this machine, default port. */
  public static final String DEFAULT_REDIS_URI = "redis://127.0.0.1:6379";

  /** How long one command may take before its future fails. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);

  /** How long opening a connection may take. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long {@code close()} waits for connections and I/O threads to shut down. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  /** Rows per pipelined write batch. */
  public static final int DEFAULT_WRITE_BATCH_SIZE = 500;

  /**
   * Reads of this many keys or more are worth a hop to the read executor; below, decoding on the
   * I/O thread is cheaper than the hop.
   */
  public static final int DEFAULT_READ_OFFLOAD_THRESHOLD = 100;

  /** How often a Redis Cluster store reloads the cluster's topology, besides adaptive reloads. */
  public static final Duration DEFAULT_TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(30);

  /** The largest accepted {@link Builder#writeBatchSize(int)}. */
  public static final int MAX_WRITE_BATCH_SIZE = 10_000;

  private final String redisUri;
  private final Duration commandTimeout;
  private final Duration connectTimeout;
  private final Duration shutdownTimeout;
  private final Duration expiryGrace;
  private final int writeBatchSize;
  private final Clock clock;
  private final Executor readExecutor;
  private final int readOffloadThreshold;
  private final List<String> clusterNodes;
  private final boolean replicaReads;
  private final Duration topologyRefreshPeriod;

  private RedisOnlineStoreOptions(Builder b) {
    this.redisUri = b.redisUri;
    this.commandTimeout = b.commandTimeout;
    this.connectTimeout = b.connectTimeout;
    this.shutdownTimeout = b.shutdownTimeout;
    this.expiryGrace = b.expiryGrace;
    this.writeBatchSize = b.writeBatchSize;
    this.clock = b.clock;
    this.readExecutor = b.readExecutor;
    this.readOffloadThreshold = b.readOffloadThreshold;
    this.clusterNodes = b.clusterNodes;
    this.replicaReads = b.replicaReads;
    this.topologyRefreshPeriod = b.topologyRefreshPeriod;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive variants. */
  public Builder toBuilder() {
    return new Builder()
        .redisUri(redisUri)
        .commandTimeout(commandTimeout)
        .connectTimeout(connectTimeout)
        .shutdownTimeout(shutdownTimeout)
        .expiryGrace(expiryGrace)
        .writeBatchSize(writeBatchSize)
        .clock(clock)
        .readExecutor(readExecutor)
        .readOffloadThreshold(readOffloadThreshold)
        .clusterNodes(clusterNodes)
        .replicaReads(replicaReads)
        .topologyRefreshPeriod(topologyRefreshPeriod);
  }

  /** The Redis URI as given, e.g. {@code redis://127.0.0.1:6379} or {@code rediss://…/0}. */
  public String redisUri() {
    return redisUri;
  }

  /** A fresh (mutable, so never shared) parse of {@link #redisUri()}; build() checked it. */
  RedisURI parsedUri() {
    return RedisURI.create(redisUri);
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * How long a key outlives its view's ttl: keys expire at {@code event time + ttl + grace}. Empty
   * means the grace equals the view's ttl (DESIGN §4).
   */
  public Optional<Duration> expiryGrace() {
    return Optional.ofNullable(expiryGrace);
  }

  public int writeBatchSize() {
    return writeBatchSize;
  }

  /** The time source for expiry decisions. */
  public Clock clock() {
    return clock;
  }

  /**
   * Where read answers are checked and read futures complete, so where callers' continuations run;
   * empty for Redis' I/O thread. Moving that work off the I/O thread lets it read the next answer
   * while this one is handled.
   */
  public Optional<Executor> readExecutor() {
    return Optional.ofNullable(readExecutor);
  }

  /** Reads of at least this many keys complete on {@link #readExecutor()}. */
  public int readOffloadThreshold() {
    return readOffloadThreshold;
  }

  /**
   * Seed nodes of a Redis Cluster as {@code redis://host:port} URIs; empty (the default) for the
   * one Redis server at {@link #redisUri()}. Any reachable node is enough: the store discovers the
   * others.
   */
  public List<String> clusterNodes() {
    return clusterNodes;
  }

  /** True when the store talks to a Redis Cluster rather than one server. */
  public boolean isCluster() {
    return !clusterNodes.isEmpty();
  }

  /** Fresh (mutable, so never shared) parses of {@link #clusterNodes()}; build() checked them. */
  List<RedisURI> parsedClusterNodes() {
    return clusterNodes.stream().map(RedisURI::create).toList();
  }

  /**
   * On a Redis Cluster, whether reads go to a replica of the key's slot when one is up (else to its
   * master). A replica may lag its master by the replication delay, so a read may miss the newest
   * write for that long. Writes always go to masters.
   */
  public boolean replicaReads() {
    return replicaReads;
  }

  /**
   * On a Redis Cluster, how often the topology (slots, masters, replicas) is reloaded; it is also
   * reloaded at once on {@code MOVED}/{@code ASK} redirects and lost connections.
   */
  public Duration topologyRefreshPeriod() {
    return topologyRefreshPeriod;
  }

  @Override
  public String toString() {
    return "RedisOnlineStoreOptions[redisUri="
        + masked(redisUri)
        + ", commandTimeout="
        + commandTimeout
        + ", connectTimeout="
        + connectTimeout
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", expiryGrace="
        + (expiryGrace == null ? "ttl" : expiryGrace)
        + ", writeBatchSize="
        + writeBatchSize
        + ", clusterNodes="
        + clusterNodes.stream().map(RedisOnlineStoreOptions::masked).toList()
        + ", replicaReads="
        + replicaReads
        + ", topologyRefreshPeriod="
        + topologyRefreshPeriod
        + "]";
  }

  /** Hides a password in a URI so that it can go into messages. */
  private static String masked(String uri) {
    return uri == null ? null : uri.replaceAll("//[^@/]*@", "//***@");
  }

  /** Builds {@link RedisOnlineStoreOptions}; every setting has a default. Not thread-safe. */
  public static final class Builder {
    private String redisUri = DEFAULT_REDIS_URI;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Duration expiryGrace;
    private int writeBatchSize = DEFAULT_WRITE_BATCH_SIZE;
    private Clock clock = Clock.systemUTC();
    private Executor readExecutor;
    private int readOffloadThreshold = DEFAULT_READ_OFFLOAD_THRESHOLD;
    private List<String> clusterNodes = List.of();
    private boolean replicaReads;
    private Duration topologyRefreshPeriod = DEFAULT_TOPOLOGY_REFRESH_PERIOD;

    private Builder() {}

    /** A {@code redis://} or {@code rediss://} URI; default {@value #DEFAULT_REDIS_URI}. */
    public Builder redisUri(String redisUri) {
      this.redisUri = redisUri;
      return this;
    }

    /** Positive; default {@link #DEFAULT_COMMAND_TIMEOUT}. */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    /** Positive; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Positive; default {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /** Zero or positive, or null (the default) for a grace equal to each view's ttl. */
    public Builder expiryGrace(Duration expiryGrace) {
      this.expiryGrace = expiryGrace;
      return this;
    }

    /** 1 to {@value #MAX_WRITE_BATCH_SIZE}; default {@value #DEFAULT_WRITE_BATCH_SIZE}. */
    public Builder writeBatchSize(int writeBatchSize) {
      this.writeBatchSize = writeBatchSize;
      return this;
    }

    /** Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Where read answers are checked and read futures complete; default null, Redis' I/O thread. A
     * task the executor rejects runs on the I/O thread.
     */
    public Builder readExecutor(Executor readExecutor) {
      this.readExecutor = readExecutor;
      return this;
    }

    /**
     * Reads of at least this many keys complete on the read executor, smaller ones on the I/O
     * thread; at least 1, default {@value #DEFAULT_READ_OFFLOAD_THRESHOLD}.
     */
    public Builder readOffloadThreshold(int readOffloadThreshold) {
      this.readOffloadThreshold = readOffloadThreshold;
      return this;
    }

    /**
     * Seed nodes of a Redis Cluster, each {@code host:port} or a {@code redis://}/{@code rediss://}
     * URI; empty (the default) for one Redis server at {@link #redisUri(String)}, which is then
     * ignored.
     */
    public Builder clusterNodes(List<String> clusterNodes) {
      this.clusterNodes =
          clusterNodes == null ? null : clusterNodes.stream().map(Builder::asUri).toList();
      return this;
    }

    /** Reads from replicas when one is up; only on a Redis Cluster; default false. */
    public Builder replicaReads(boolean replicaReads) {
      this.replicaReads = replicaReads;
      return this;
    }

    /** Positive; default {@link #DEFAULT_TOPOLOGY_REFRESH_PERIOD}. */
    public Builder topologyRefreshPeriod(Duration topologyRefreshPeriod) {
      this.topologyRefreshPeriod = topologyRefreshPeriod;
      return this;
    }

    private static String asUri(String node) {
      return node == null || node.contains("://") ? node : "redis://" + node.strip();
    }

    /**
     * Checks the settings and builds the options.
     *
     * @throws IllegalArgumentException naming the first bad setting and its value
     */
    public RedisOnlineStoreOptions build() {
      if (redisUri == null || redisUri.isBlank()) {
        throw new IllegalArgumentException("redisUri must be set, was '" + redisUri + "'");
      }
      try {
        RedisURI.create(redisUri);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "redisUri '" + masked(redisUri) + "' is not a Redis URI: " + e.getMessage(), e);
      }
      requirePositive("commandTimeout", commandTimeout);
      requirePositive("connectTimeout", connectTimeout);
      requirePositive("shutdownTimeout", shutdownTimeout);
      if (expiryGrace != null && expiryGrace.isNegative()) {
        throw new IllegalArgumentException(
            "expiryGrace must be zero or positive (or null for the view's ttl), was "
                + expiryGrace);
      }
      if (writeBatchSize < 1 || writeBatchSize > MAX_WRITE_BATCH_SIZE) {
        throw new IllegalArgumentException(
            "writeBatchSize must be between 1 and "
                + MAX_WRITE_BATCH_SIZE
                + ", was "
                + writeBatchSize);
      }
      Objects.requireNonNull(clock, "clock must be set");
      if (readOffloadThreshold < 1) {
        throw new IllegalArgumentException(
            "readOffloadThreshold must be >= 1, was " + readOffloadThreshold);
      }
      checkCluster();
      return new RedisOnlineStoreOptions(this);
    }

    private void checkCluster() {
      if (clusterNodes == null) {
        throw new IllegalArgumentException("clusterNodes must be a list, was null");
      }
      for (String node : clusterNodes) {
        try {
          RedisURI.create(node);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              "cluster node '"
                  + masked(node)
                  + "' is not host:port or a Redis URI: "
                  + e.getMessage(),
              e);
        }
      }
      if (replicaReads && clusterNodes.isEmpty()) {
        throw new IllegalArgumentException(
            "replicaReads needs a Redis Cluster: set clusterNodes, or turn replicaReads off");
      }
      requirePositive("topologyRefreshPeriod", topologyRefreshPeriod);
    }

    private static void requirePositive(String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
      }
    }
  }
}
