package dev.larder.benchmarks;

import dev.larder.benchmarks.process.FeatureServerProcess;
import dev.larder.benchmarks.workload.WorkloadLoader;
import dev.larder.benchmarks.workload.WorkloadLoader.LoadSummary;
import dev.larder.registry.Registry;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.store.Registries;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the serving benchmarks set up before measuring: the definitions in a registry, the rows in
 * Redis, the feature server in a child JVM. Each step reports its progress and time.
 */
public final class ServingSetup {

  /** Commands of the bulk load may queue behind thousands of pipelined writes. */
  private static final Duration LOAD_COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private ServingSetup() {}

  /**
   * Applies the definitions to a fresh registry (a SQLite file in {@code work}) and returns its
   * URL.
   *
   * @param views how many views the definitions hold, for the report
   */
  public static String register(Path definitions, Path work, int views, PrintStream progress) {
    String url = "jdbc:sqlite:" + work.resolve("registry.db");
    long start = System.nanoTime();
    try (Registry registry = Registries.open(url)) {
      for (Project p : new DefinitionLoader().load(definitions).projects()) {
        registry.apply(registry.plan(p, false), "serving-benchmark");
      }
    }
    progress.printf(
        Locale.ROOT, "Registered %,d views in %.1f s%n", views, (System.nanoTime() - start) / 1e9);
    return url;
  }

  /**
   * Loads {@code entities} rows per view into the Redis {@code target} names, through {@code
   * OnlineStore.write}, with event time {@code eventTime}.
   *
   * @param loadConcurrency write calls in flight
   * @param writeBatchSize rows per pipelined write batch
   */
  public static LoadSummary load(
      RedisOnlineStoreOptions.Builder target,
      List<FeatureView> views,
      int entities,
      int loadConcurrency,
      int writeBatchSize,
      Instant eventTime,
      PrintStream progress) {
    long rows = (long) entities * views.size();
    RedisOnlineStoreOptions options =
        target.writeBatchSize(writeBatchSize).commandTimeout(LOAD_COMMAND_TIMEOUT).build();
    long micros = eventTime.getEpochSecond() * 1_000_000L + eventTime.getNano() / 1_000;
    progress.printf(
        Locale.ROOT,
        "Loading %,d rows through OnlineStore.write into %s%n",
        rows,
        options.isCluster() ? "the Redis Cluster" : "Redis");
    try (OnlineStore store = RedisOnlineStores.connect(options)) {
      LoadSummary summary =
          new WorkloadLoader(store, views, loadConcurrency, progress).load(entities, micros);
      progress.printf(
          Locale.ROOT,
          "Loaded %,d rows in %.1f s: %,.0f rows/s%n",
          summary.rows(),
          summary.elapsed().toMillis() / 1000.0,
          summary.rowsPerSecond());
      return summary;
    }
  }

  /** Starts the feature server and reports its pid, port and start-up time. */
  public static FeatureServerProcess startServer(
      FeatureServerProcess.Spec spec, PrintStream progress) {
    progress.println("Starting the feature server (log: " + spec.log() + ")");
    long start = System.nanoTime();
    FeatureServerProcess server = FeatureServerProcess.start(spec);
    progress.printf(
        Locale.ROOT,
        "Feature server pid %d serving gRPC on 127.0.0.1:%d after %.1f s%n",
        server.pid(),
        server.grpcPort(),
        (System.nanoTime() - start) / 1e9);
    return server;
  }
}
