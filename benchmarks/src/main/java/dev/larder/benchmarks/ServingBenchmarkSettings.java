package dev.larder.benchmarks;

import dev.larder.benchmarks.workload.BenchWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one serving benchmark run does. Immutable; build with {@link #builder()}, whose {@link
 * Builder#build()} checks every setting and names the bad one.
 *
 * @param entities distinct entities loaded per view (entity ids {@code 0..entities-1})
 * @param batchSizes entities per request, each measured in turn
 * @param concurrency requests in flight at any time (closed loop), for both targets
 * @param serverWarmup how long each feature server serves before the first batch size, through all
 *     the batch sizes in turn (not recorded): the time its JIT compilers need, as a server serving
 *     for a minute has had
 * @param warmup how long each target runs before measuring, per batch size (not recorded)
 * @param measure how long each target is measured per batch size, split over {@code rounds}
 * @param rounds alternating baseline/server slices per batch size, to spread machine noise
 * @param redisUrl an existing Redis to use; empty starts a private {@code redis-server}
 * @param skipLoad do not load rows (the Redis at {@code redisUrl} already holds them)
 * @param redisCluster also load a private Redis Cluster of {@value #CLUSTER_MASTERS} masters and
 *     measure a second feature server that serves from it
 * @param loadConcurrency write calls (each one view's chunk of rows) in flight while loading
 * @param writeBatchSize rows per pipelined write batch of the online store
 * @param markdown a file to append a dated results section to; empty for none
 * @param serverHeap the feature server's fixed heap, as in {@code -Xmx} (e.g. {@code 1g})
 * @param serverJvmArgs extra JVM options for the feature server (e.g. a JFR recording)
 * @param serverStartTimeout how long the feature server may take to answer its health check
 * @param requestTimeout the deadline of every measured request
 * @param seed seeds the entity ids drawn; the baseline and the server draw the same ids
 * @param verifyEvery every n-th answer of each phase is checked value by value (the first too)
 * @param registeredViews views registered in the server's registry: the 25 read, plus idle ones
 * @param command the command line, as reported in the Markdown section
 */
public record ServingBenchmarkSettings(
    int entities,
    List<Integer> batchSizes,
    int concurrency,
    Duration serverWarmup,
    Duration warmup,
    Duration measure,
    int rounds,
    Optional<String> redisUrl,
    boolean skipLoad,
    boolean redisCluster,
    int loadConcurrency,
    int writeBatchSize,
    Optional<Path> markdown,
    String serverHeap,
    List<String> serverJvmArgs,
    Duration serverStartTimeout,
    Duration requestTimeout,
    long seed,
    int verifyEvery,
    int registeredViews,
    String command) {

  /** Masters of the private Redis Cluster of {@code --redis-cluster} (no replicas). */
  public static final int CLUSTER_MASTERS = 3;

  public static final int DEFAULT_ENTITIES = 1_000_000;
  public static final List<Integer> DEFAULT_BATCH_SIZES = List.of(1, 10, 50, 100);
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final Duration DEFAULT_SERVER_WARMUP = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MEASURE = Duration.ofSeconds(30);
  public static final int DEFAULT_ROUNDS = 3;
  public static final int DEFAULT_LOAD_CONCURRENCY = 10;
  public static final int DEFAULT_WRITE_BATCH_SIZE = 1000;
  public static final String DEFAULT_SERVER_HEAP = "1g";
  public static final Duration DEFAULT_SERVER_START_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_VERIFY_EVERY = 1000;

  /** The feature server's default limit of rows per request. */
  public static final int MAX_BATCH_SIZE = 1000;

  public ServingBenchmarkSettings {
    batchSizes = List.copyOf(batchSizes);
    serverJvmArgs = List.copyOf(serverJvmArgs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ServingBenchmarkSettings}; every setting has a default. Not thread-safe. */
  public static final class Builder {
    private int entities = DEFAULT_ENTITIES;
    private List<Integer> batchSizes = DEFAULT_BATCH_SIZES;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration serverWarmup = DEFAULT_SERVER_WARMUP;
    private Duration warmup = DEFAULT_WARMUP;
    private Duration measure = DEFAULT_MEASURE;
    private int rounds = DEFAULT_ROUNDS;
    private String redisUrl;
    private boolean skipLoad;
    private boolean redisCluster;
    private int loadConcurrency = DEFAULT_LOAD_CONCURRENCY;
    private int writeBatchSize = DEFAULT_WRITE_BATCH_SIZE;
    private Path markdown;
    private String serverHeap = DEFAULT_SERVER_HEAP;
    private List<String> serverJvmArgs = List.of();
    private Duration serverStartTimeout = DEFAULT_SERVER_START_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private long seed = DEFAULT_SEED;
    private int verifyEvery = DEFAULT_VERIFY_EVERY;
    private int registeredViews = BenchWorkload.VIEWS;
    private String command = "ServingBenchmark";

    private Builder() {}

    public Builder entities(int entities) {
      this.entities = entities;
      return this;
    }

    public Builder batchSizes(List<Integer> batchSizes) {
      this.batchSizes = batchSizes;
      return this;
    }

    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    public Builder serverWarmup(Duration serverWarmup) {
      this.serverWarmup = serverWarmup;
      return this;
    }

    public Builder warmup(Duration warmup) {
      this.warmup = warmup;
      return this;
    }

    public Builder measure(Duration measure) {
      this.measure = measure;
      return this;
    }

    public Builder rounds(int rounds) {
      this.rounds = rounds;
      return this;
    }

    /** Null (the default) starts a private {@code redis-server}. */
    public Builder redisUrl(String redisUrl) {
      this.redisUrl = redisUrl;
      return this;
    }

    /** Also measure the server on a private Redis Cluster; default false. */
    public Builder redisCluster(boolean redisCluster) {
      this.redisCluster = redisCluster;
      return this;
    }

    public Builder skipLoad(boolean skipLoad) {
      this.skipLoad = skipLoad;
      return this;
    }

    public Builder loadConcurrency(int loadConcurrency) {
      this.loadConcurrency = loadConcurrency;
      return this;
    }

    public Builder writeBatchSize(int writeBatchSize) {
      this.writeBatchSize = writeBatchSize;
      return this;
    }

    /** Null (the default) writes no Markdown. */
    public Builder markdown(Path markdown) {
      this.markdown = markdown;
      return this;
    }

    public Builder serverHeap(String serverHeap) {
      this.serverHeap = serverHeap;
      return this;
    }

    public Builder serverJvmArgs(List<String> serverJvmArgs) {
      this.serverJvmArgs = serverJvmArgs;
      return this;
    }

    public Builder serverStartTimeout(Duration serverStartTimeout) {
      this.serverStartTimeout = serverStartTimeout;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder verifyEvery(int verifyEvery) {
      this.verifyEvery = verifyEvery;
      return this;
    }

    public Builder registeredViews(int registeredViews) {
      this.registeredViews = registeredViews;
      return this;
    }

    public Builder command(String command) {
      this.command = command;
      return this;
    }

    /**
     * Checks the settings and builds them.
     *
     * @throws IllegalArgumentException naming the first bad setting and its value
     */
    public ServingBenchmarkSettings build() {
      requireAtLeast("entities", entities, 1);
      if (batchSizes == null || batchSizes.isEmpty()) {
        throw new IllegalArgumentException(
            "batchSizes must name at least one size, was " + batchSizes);
      }
      for (Integer size : batchSizes) {
        if (size == null || size < 1 || size > MAX_BATCH_SIZE) {
          throw new IllegalArgumentException(
              "batchSizes must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSizes);
        }
      }
      requireAtLeast("concurrency", concurrency, 1);
      requireAtLeast("rounds", rounds, 1);
      requireAtLeast("loadConcurrency", loadConcurrency, 1);
      requireAtLeast("writeBatchSize", writeBatchSize, 1);
      requireAtLeast("verifyEvery", verifyEvery, 1);
      requireAtLeast("registeredViews", registeredViews, BenchWorkload.VIEWS);
      requireNotNegative("serverWarmup", serverWarmup);
      requireNotNegative("warmup", warmup);
      requirePositive("measure", measure);
      requirePositive("serverStartTimeout", serverStartTimeout);
      requirePositive("requestTimeout", requestTimeout);
      if (serverHeap == null || !serverHeap.matches("[0-9]+[kKmMgG]?")) {
        throw new IllegalArgumentException(
            "serverHeap must be a JVM heap size such as 1g or 512m, was '" + serverHeap + "'");
      }
      if (skipLoad && redisUrl == null) {
        throw new IllegalArgumentException(
            "skipLoad needs redisUrl: a private Redis starts empty and must be loaded");
      }
      return new ServingBenchmarkSettings(
          entities,
          batchSizes,
          concurrency,
          serverWarmup,
          warmup,
          measure,
          rounds,
          Optional.ofNullable(redisUrl),
          skipLoad,
          redisCluster,
          loadConcurrency,
          writeBatchSize,
          Optional.ofNullable(markdown),
          serverHeap,
          serverJvmArgs == null ? List.of() : serverJvmArgs,
          serverStartTimeout,
          requestTimeout,
          seed,
          verifyEvery,
          registeredViews,
          command == null ? "ServingBenchmark" : command);
    }

    private static void requireAtLeast(String name, long value, long min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
      }
    }

    private static void requireNotNegative(String name, Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be zero or positive, was " + value);
      }
    }

    private static void requirePositive(String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
      }
    }
  }
}
