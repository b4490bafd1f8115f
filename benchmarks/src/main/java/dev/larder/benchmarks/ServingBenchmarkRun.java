package dev.larder.benchmarks;

import dev.larder.benchmarks.load.ClosedLoop;
import dev.larder.benchmarks.load.GrpcServingTarget;
import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.benchmarks.load.LookupTarget;
import dev.larder.benchmarks.load.PhaseResult;
import dev.larder.benchmarks.load.RedisMgetTarget;
import dev.larder.benchmarks.load.VerificationException;
import dev.larder.benchmarks.process.FeatureServerProcess;
import dev.larder.benchmarks.report.BatchResult;
import dev.larder.benchmarks.report.BenchmarkResults;
import dev.larder.benchmarks.workload.BenchWorkload;
import dev.larder.benchmarks.workload.WorkloadLoader.LoadSummary;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.redis.RedisClusterProcesses;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisServerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * One serving benchmark run: Redis (private or given), the definitions, the load, the feature
 * server as a child JVM, then per batch size the baseline and the server measured back to back.
 *
 * <p>Per batch size, each target first warms up (not recorded), then the measured time is split
 * into {@code rounds} slices in which the baseline and the server take turns, the order swapped
 * every round, so that noise from the shared machine falls on both. In each round both targets draw
 * the same entity ids. Everything started is stopped when the run ends, fails, or the JVM is
 * interrupted. Not thread-safe; {@link #run()} once.
 */
public final class ServingBenchmarkRun {

  /** How long the last requests of a phase may take beyond their own deadline. */
  private static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);

  private final ServingBenchmarkSettings settings;
  private final PrintStream progress;

  /**
   * @param progress where progress lines go (the results are returned, not printed)
   */
  public ServingBenchmarkRun(ServingBenchmarkSettings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Runs the benchmark. Blocks for the whole run.
   *
   * @throws dev.larder.benchmarks.load.VerificationException when an answer is wrong
   * @throws dev.larder.benchmarks.load.LookupFailedException when a request fails
   * @throws IllegalStateException when Redis or the server cannot be started, or the load fails
   */
  public BenchmarkResults run() {
    Instant startedAt = Instant.now();
    try (ResourceStack resources = new ResourceStack(progress)) {
      Path work = resources.tempDirectory("larder-bench-");
      String redisUrl =
          settings
              .redisUrl()
              .orElseGet(
                  () -> resources.add(RedisServerProcess.start(work.resolve("redis"))).uri());
      progress.println("Redis at " + redisUrl);
      Optional<RedisClusterProcesses> cluster =
          settings.redisCluster()
              ? Optional.of(
                  resources.add(
                      RedisClusterProcesses.start(
                          work.resolve("redis-cluster"),
                          ServingBenchmarkSettings.CLUSTER_MASTERS,
                          0,
                          RedisClusterProcesses.DEFAULT_NODE_TIMEOUT)))
              : Optional.empty();
      cluster.ifPresent(c -> progress.println("Redis Cluster at " + String.join(",", c.nodes())));
      Path definitions =
          BenchWorkload.writeDefinitions(work.resolve("definitions"), settings.registeredViews());
      List<FeatureView> views = BenchWorkload.loadViews(definitions);
      String registryUrl =
          ServingSetup.register(definitions, work, settings.registeredViews(), progress);
      Optional<LoadSummary> load =
          settings.skipLoad()
              ? Optional.empty()
              : Optional.of(
                  load(RedisOnlineStoreOptions.builder().redisUri(redisUrl), views, startedAt));
      cluster.ifPresent(
          c -> load(RedisOnlineStoreOptions.builder().clusterNodes(c.nodes()), views, startedAt));
      RedisMgetTarget baseline =
          resources.add(RedisMgetTarget.connect(redisUrl, settings.requestTimeout()));
      String redisVersion = baseline.info("server").getOrDefault("redis_version", "unknown");
      Map<String, String> memory = baseline.info("memory");
      progress.println("Redis " + redisVersion + " uses " + memory.get("used_memory_human"));
      FeatureServerProcess server =
          resources.add(startServer(registryUrl, redisUrl, List.of(), work, "feature-server"));
      Served serving =
          new Served(
              resources.add(
                  GrpcServingTarget.connect(server.grpcPort(), settings.requestTimeout())),
              server);
      Optional<Served> clusterServing = Optional.empty();
      if (cluster.isPresent()) {
        String nodes = String.join(",", cluster.get().nodes());
        FeatureServerProcess clusterServer =
            resources.add(
                startServer(
                    registryUrl,
                    redisUrl,
                    List.of("-Dlarder.redis.cluster.nodes=" + nodes),
                    work,
                    "feature-server-cluster"));
        clusterServing =
            Optional.of(
                new Served(
                    resources.add(
                        GrpcServingTarget.connect(
                            clusterServer.grpcPort(), settings.requestTimeout())),
                    clusterServer));
      }
      ExecutorService verifier =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "answer-verifier");
                t.setDaemon(true);
                return t;
              });
      resources.add(verifier::shutdownNow);
      warmUpServers(serving, clusterServing, verifier);
      List<BatchResult> batches = new ArrayList<>();
      for (int batch : settings.batchSizes()) {
        batches.add(measure(batch, baseline, serving, clusterServing, verifier));
      }
      return new BenchmarkResults(
          startedAt,
          settings,
          load,
          redisVersion,
          memory.getOrDefault("used_memory_human", "unknown"),
          batches);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the benchmark's temp folder", e);
    }
  }

  /** Loads the rows into the Redis {@code target} names. */
  private LoadSummary load(
      RedisOnlineStoreOptions.Builder target, List<FeatureView> views, Instant eventTime) {
    return ServingSetup.load(
        target,
        views,
        settings.entities(),
        settings.loadConcurrency(),
        settings.writeBatchSize(),
        eventTime,
        progress);
  }

  /**
   * @param extraJvmArgs JVM options on top of the settings' own, e.g. {@code
   *     -Dlarder.redis.cluster.nodes=…}
   * @param name the server's log file name, without {@code .log}
   */
  private FeatureServerProcess startServer(
      String registryUrl, String redisUrl, List<String> extraJvmArgs, Path work, String name) {
    List<String> jvmArgs = new ArrayList<>(settings.serverJvmArgs());
    jvmArgs.addAll(extraJvmArgs);
    return ServingSetup.startServer(
        new FeatureServerProcess.Spec(
            registryUrl,
            redisUrl,
            settings.serverHeap(),
            jvmArgs,
            System.getProperty("java.class.path"),
            work.resolve(name + ".log"),
            settings.serverStartTimeout()),
        progress);
  }

  /** A feature server measured through a gRPC target; its process tells the CPU it spends. */
  private record Served(GrpcServingTarget target, FeatureServerProcess process) {}

  /**
   * Serves each feature server {@code serverWarmup}, split over the batch sizes in turn, unchecked
   * and not recorded. Its JIT compilers are busy for the first tens of seconds of load, taking a
   * core of the two from the requests at times; a server in service is past that.
   */
  private void warmUpServers(
      Served serving, Optional<Served> clusterServing, ExecutorService verifier) {
    if (settings.serverWarmup().isZero()) {
      return;
    }
    progress.printf(
        Locale.ROOT,
        "Warming up the feature server%s for %s%n",
        clusterServing.isPresent() ? "s" : "",
        settings.serverWarmup());
    Duration each = settings.serverWarmup().dividedBy(settings.batchSizes().size());
    for (Served s :
        clusterServing.isPresent() ? List.of(serving, clusterServing.get()) : List.of(serving)) {
      for (int batch : settings.batchSizes()) {
        phase(s.target(), batch, each, seed(batch, 0), 0, verifier);
      }
    }
  }

  /**
   * Measures the targets at one batch size, taking turns slice by slice; the order is reversed
   * every round. A server's CPU time (JIT compilation left out) is taken around every slice: its
   * own give the CPU of its requests, net of the rate it spends while the other targets' slices run
   * (timers, health checks). Redis' CPU time is taken around every slice too: what reading the keys
   * costs Redis itself, the same work for the baseline and the server.
   */
  private BatchResult measure(
      int batch,
      RedisMgetTarget baseline,
      Served serving,
      Optional<Served> clusterServing,
      ExecutorService verifier) {
    progress.printf(
        Locale.ROOT, "Batch %d (%d keys per request)%n", batch, batch * BenchWorkload.VIEWS);
    List<LookupTarget<?>> targets = new ArrayList<>(List.of(baseline, serving.target()));
    List<LongSupplier> cpuClocks = new ArrayList<>(List.of(() -> -1, serving.process()::cpuNanos));
    // The baseline and the server read the one Redis; the cluster server reads other processes.
    List<LongSupplier> redisClocks =
        new ArrayList<>(List.of(baseline::cpuNanos, baseline::cpuNanos));
    List<LongSupplier> fallbackCounters =
        new ArrayList<>(List.of(() -> -1, serving.process()::fallbackReads));
    clusterServing.ifPresent(
        c -> {
          targets.add(c.target());
          cpuClocks.add(c.process()::cpuNanos);
          redisClocks.add(() -> -1);
          fallbackCounters.add(c.process()::fallbackReads);
        });
    if (!settings.warmup().isZero()) {
      for (LookupTarget<?> target : targets) {
        // Unchecked: a cold server may answer its first reads from fallbacks, past the store's
        // deadline, which is what warming up is for; every measured phase is checked.
        phase(target, batch, settings.warmup(), seed(batch, 0), 0, verifier);
      }
    }
    Duration slice = settings.measure().dividedBy(settings.rounds());
    PhaseResult[] results = new PhaseResult[targets.size()];
    Arrays.fill(results, PhaseResult.empty());
    // Per target, the CPU its server spent while the other targets were measured, and how long:
    // what it spends idle, taken off its own slices' CPU, so that the figure is the requests'.
    long[] idleCpu = new long[targets.size()];
    long[] idleNanos = new long[targets.size()];
    for (int round = 1; round <= settings.rounds(); round++) {
      long seed = seed(batch, round);
      for (int i = 0; i < targets.size(); i++) {
        int t = round % 2 == 1 ? i : targets.size() - 1 - i;
        long redisBefore = redisClocks.get(t).getAsLong();
        long fallbacksBefore = fallbackCounters.get(t).getAsLong();
        long[] before = cpuTimes(cpuClocks);
        long start = System.nanoTime();
        PhaseResult measured =
            phase(targets.get(t), batch, slice, seed, settings.verifyEvery(), verifier);
        long wall = System.nanoTime() - start;
        long[] after = cpuTimes(cpuClocks);
        long fallbacksAfter = fallbackCounters.get(t).getAsLong();
        long redisAfter = redisClocks.get(t).getAsLong();
        long fallbacks =
            fallbacksBefore < 0 || fallbacksAfter < 0 ? -1 : fallbacksAfter - fallbacksBefore;
        checkFallbackAnswers(targets.get(t).name(), measured, batch, fallbacks);
        for (int u = 0; u < targets.size(); u++) {
          if (u != t && before[u] >= 0 && after[u] >= 0) {
            idleCpu[u] += after[u] - before[u];
            idleNanos[u] += wall;
          }
        }
        results[t] =
            results[t].plus(
                measured.withMeasured(
                    before[t] < 0 || after[t] < 0 ? -1 : after[t] - before[t],
                    redisBefore < 0 || redisAfter < 0 ? -1 : redisAfter - redisBefore,
                    fallbacks));
      }
    }
    for (int t = 0; t < targets.size(); t++) {
      if (results[t].cpuNanos() >= 0 && idleNanos[t] > 0) {
        double idleRate = (double) idleCpu[t] / idleNanos[t];
        results[t] =
            results[t].withMeasured(
                Math.round(results[t].cpuNanos() - idleRate * results[t].elapsedNanos()),
                results[t].redisCpuNanos(),
                results[t].fallbackReads());
        progress.printf(
            Locale.ROOT,
            "  %s used %.3f cores while the other targets were measured (taken off its CPU)%n",
            targets.get(t).name(),
            idleRate);
      }
    }
    report(baseline.name(), results[0]);
    report(serving.target().name(), results[1]);
    Optional<PhaseResult> cluster =
        clusterServing.isPresent() ? Optional.of(results[2]) : Optional.empty();
    cluster.ifPresent(c -> report(serving.target().name() + " (cluster)", c));
    return new BatchResult(batch, results[0], results[1], cluster);
  }

  /**
   * Refuses a slice in which more checked answers were made from the fallbacks than the server says
   * it made: an answer without a single {@code PRESENT} value is otherwise a server that reads
   * nothing.
   *
   * @param fallbacks the reads the server answered from its fallbacks, -1 when not known
   * @throws VerificationException when the checked answers outnumber them
   */
  private static void checkFallbackAnswers(
      String target, PhaseResult measured, int batch, long fallbacks) {
    long checked = measured.fallbackAnswersChecked(batch);
    if (fallbacks >= 0 && checked > fallbacks) {
      throw new VerificationException(
          target
              + ": "
              + checked
              + " checked answers had no PRESENT value, but the server answered only "
              + fallbacks
              + " reads from its fallbacks meanwhile");
    }
  }

  private static long[] cpuTimes(List<LongSupplier> clocks) {
    long[] times = new long[clocks.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = clocks.get(i).getAsLong();
    }
    return times;
  }

  private <A> PhaseResult phase(
      LookupTarget<A> target,
      int batch,
      Duration duration,
      long seed,
      int verifyEvery,
      ExecutorService verifier) {
    return ClosedLoop.run(
        target,
        new ClosedLoop.Spec(
            batch,
            settings.concurrency(),
            settings.entities(),
            duration,
            seed,
            verifyEvery,
            settings.requestTimeout().plus(DRAIN_MARGIN)),
        verifier);
  }

  /** Round 0 is the warm-up; each (batch, round) draws its own ids, equal for both targets. */
  private long seed(int batch, int round) {
    return settings.seed() + 1_000_000L * batch + 1_000L * round;
  }

  private void report(String target, PhaseResult result) {
    LatencySummary s = result.summary();
    double cpu = result.cpuMicrosPerRequest();
    double redisCpu = result.redisCpuMicrosPerRequest();
    progress.printf(
        Locale.ROOT,
        "  %-22s %,9d requests %,8.0f/s  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms"
            + "%s%s%s%n",
        target,
        s.requests(),
        s.qps(),
        s.p50Micros() / 1000.0,
        s.p99Micros() / 1000.0,
        s.p999Micros() / 1000.0,
        s.maxMicros() / 1000.0,
        Double.isNaN(cpu) ? "" : String.format(Locale.ROOT, "  server CPU %.0f µs/request", cpu),
        Double.isNaN(redisCpu)
            ? ""
            : String.format(Locale.ROOT, "  Redis CPU %.0f µs/request", redisCpu),
        result.fallbackReads() < 0
            ? ""
            : String.format(Locale.ROOT, "  %,d answered from fallbacks", result.fallbackReads()));
  }
}
