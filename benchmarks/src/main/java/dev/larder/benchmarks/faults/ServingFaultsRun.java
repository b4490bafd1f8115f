package dev.larder.benchmarks.faults;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.benchmarks.DurationConverter;
import dev.larder.benchmarks.ResourceStack;
import dev.larder.benchmarks.ServingBenchmarkSettings;
import dev.larder.benchmarks.ServingSetup;
import dev.larder.benchmarks.load.ClosedLoop;
import dev.larder.benchmarks.load.GrpcServingTarget;
import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.benchmarks.load.LookupTarget;
import dev.larder.benchmarks.load.OpenLoop;
import dev.larder.benchmarks.load.OpenLoop.Call;
import dev.larder.benchmarks.load.PhaseResult;
import dev.larder.benchmarks.load.RedisMgetTarget;
import dev.larder.benchmarks.process.FeatureServerProcess;
import dev.larder.benchmarks.workload.BenchWorkload;
import dev.larder.benchmarks.workload.FeatureValues;
import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.storage.online.redis.RedisClusterProcesses;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisServerProcess;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One fault benchmark run: a private {@code redis-server} loaded with the serving workload, the
 * feature server as a child JVM (cold start on for {@code fv_00}, whose offline table holds
 * entities Redis lacks), then the phases one after the other, every request asking for all 250
 * features of one entity: the raw {@code MGET} and the server with no fault, Redis killed, Redis
 * paused, overload, cold start. Every fault phase starts with a no-fault stretch of the same load,
 * its reference. Everything started is stopped when the run ends or fails. Not thread-safe; {@link
 * #run()} once.
 */
public final class ServingFaultsRun {

  /** The server's online-store deadline unless a JVM option changes it (application.yaml). */
  static final long DEFAULT_DEADLINE_MILLIS = 50;

  private static final String DEADLINE_PROPERTY =
      "-Dresilience4j.timelimiter.instances.online-store.timeout-duration=";

  /** The view whose misses are looked up in the offline store. */
  private static final int COLD_VIEW = 0;

  /** Entities of the offline table read first, to warm the offline read path. */
  private static final int WARM_ENTITIES = 3;

  /** Load after Redis is back, and after a pause ends, still recorded. */
  private static final Duration AFTER_FAULT = Duration.ofSeconds(5);

  private static final Duration PROBE = Duration.ofSeconds(5);

  /** Shares of the closed loop's rate tried, highest first, for the sustainable rate. */
  private static final double[] SUSTAINABLE_SHARES = {0.8, 0.6, 0.4, 0.2};

  /** Channels the overload is sent on. */
  private static final int OVERLOAD_CHANNELS = 4;

  private static final Duration DRAIN = Duration.ofSeconds(15);

  /** How a call is recorded that the load generator got no outcome for by the end of the drain. */
  static final String UNANSWERED = "NO_OUTCOME_AFTER_DRAIN";

  private final FaultSettings settings;
  private final PrintStream progress;

  /**
   * @param progress where progress lines go (the results are returned, not printed)
   */
  public ServingFaultsRun(FaultSettings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Runs every phase. Blocks for the whole run.
   *
   * @throws dev.larder.benchmarks.load.LookupFailedException when answers do not come back
   * @throws IllegalStateException when Redis or the server cannot be started, or a cold-start
   *     entity is never served from the offline store
   */
  public FaultResults run() {
    Instant startedAt = Instant.now();
    try (ResourceStack resources = new ResourceStack(progress)) {
      Path work = resources.tempDirectory("larder-faults-bench-");
      RedisServerProcess redis = resources.add(RedisServerProcess.start(work.resolve("redis")));
      progress.println("Redis at " + redis.uri());
      Path definitions =
          BenchWorkload.writeDefinitions(work.resolve("definitions"), BenchWorkload.VIEWS);
      List<FeatureView> views = BenchWorkload.loadViews(definitions);
      String registryUrl = ServingSetup.register(definitions, work, BenchWorkload.VIEWS, progress);
      ServingSetup.load(
          RedisOnlineStoreOptions.builder().redisUri(redis.uri()),
          views,
          settings.entities(),
          ServingBenchmarkSettings.DEFAULT_LOAD_CONCURRENCY,
          ServingBenchmarkSettings.DEFAULT_WRITE_BATCH_SIZE,
          startedAt,
          progress);
      Path offline = work.resolve("offline");
      writeColdRows(views.get(COLD_VIEW), offline, startedAt.minusSeconds(60));
      FeatureServerProcess server =
          resources.add(
              ServingSetup.startServer(serverSpec(registryUrl, redis, offline, work), progress));
      RedisMgetTarget baseline =
          resources.add(RedisMgetTarget.connect(redis.uri(), settings.requestTimeout()));
      GrpcServingTarget serving =
          resources.add(GrpcServingTarget.connect(server.grpcPort(), settings.requestTimeout()));
      ExecutorService verifier = Executors.newSingleThreadExecutor();
      resources.add(verifier::shutdownNow);
      String redisVersion = baseline.info("server").getOrDefault("redis_version", "unknown");

      progress.println("Warming up");
      awaitFirstAnswer(serving);
      closedLoop(baseline, 4, settings.warmup().dividedBy(4), verifier);
      closedLoop(serving, 4, settings.warmup(), verifier);
      FaultResults.Phase baselinePhase = noFault(baseline, "baseline");
      FaultResults.Phase steady = noFault(serving, "server");
      FaultResults.Kill kill = kill(serving, redis);
      FaultResults.Pause pause = pause(serving, redis);
      FaultResults.ColdStart coldStart = coldStart(serving, baseline);
      FaultResults.Overload overload = overload(serving, server, verifier);
      return new FaultResults(
          startedAt,
          settings,
          redisVersion,
          deadlineMillis(),
          baselinePhase,
          steady,
          kill,
          pause,
          overload,
          coldStart);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the benchmark's temp folder", e);
    }
  }

  private FeatureServerProcess.Spec serverSpec(
      String registryUrl, RedisServerProcess redis, Path offline, Path work) {
    List<String> jvmArgs = new ArrayList<>(settings.serverJvmArgs());
    jvmArgs.add("-Dlarder.resilience.cold-start-views=" + BenchWorkload.viewName(COLD_VIEW));
    jvmArgs.add("-Dlarder.offline.root=" + offline);
    settings.maxInFlight().ifPresent(n -> jvmArgs.add("-Dlarder.resilience.max-in-flight=" + n));
    return new FeatureServerProcess.Spec(
        registryUrl,
        redis.uri(),
        settings.serverHeap(),
        jvmArgs,
        System.getProperty("java.class.path"),
        work.resolve("feature-server.log"),
        ServingBenchmarkSettings.DEFAULT_SERVER_START_TIMEOUT);
  }

  /** The server's online-store deadline: as shipped, or as a JVM option of the run sets it. */
  private long deadlineMillis() {
    long millis = DEFAULT_DEADLINE_MILLIS;
    for (String arg : settings.serverJvmArgs()) {
      if (arg.startsWith(DEADLINE_PROPERTY)) {
        millis =
            new DurationConverter().convert(arg.substring(DEADLINE_PROPERTY.length())).toMillis();
      }
    }
    return millis;
  }

  /** Writes the offline rows of the entities Redis lacks: ids from {@code entities} up. */
  private void writeColdRows(FeatureView view, Path root, Instant eventTime) {
    long micros = eventTime.toEpochMilli() * 1_000;
    List<OfflineRow> rows = new ArrayList<>();
    for (long id : coldIds(0, WARM_ENTITIES + settings.coldEntities())) {
      rows.add(
          new OfflineRow(
              List.of(Value.newBuilder().setInt64Val(id).build()),
              micros,
              micros,
              FeatureValues.row(COLD_VIEW, id)));
    }
    DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build())
        .append(view, rows, new TransactionId("serving-faults-benchmark", 1));
    progress.printf(
        Locale.ROOT, "Wrote %d rows only to %s's offline table%n", rows.size(), view.name());
  }

  private long[] coldIds(int from, int count) {
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = (long) settings.entities() + from + i;
    }
    return ids;
  }

  /**
   * Waits until the server answers one request: on a busy machine the first requests after it
   * starts (classes loading, nothing compiled yet) can take longer than the client's deadline.
   *
   * @throws IllegalStateException when no request is answered within a minute
   */
  private static void awaitFirstAnswer(GrpcServingTarget serving) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (serving.lookup(new long[] {0}).exceptionally(e -> null).join() == null) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the server answered no request within 60 s");
      }
    }
  }

  /**
   * A closed loop whose answers are not checked: a warm-up or probe may be answered from the
   * fallbacks (a read past its deadline), which is not a wrong answer here; the fault phases count
   * statuses instead.
   */
  private <A> LatencySummary closedLoop(
      LookupTarget<A> target, int concurrency, Duration duration, ExecutorService verifier) {
    return ClosedLoop.run(
            target,
            new ClosedLoop.Spec(
                1,
                concurrency,
                settings.entities(),
                duration,
                settings.seed(),
                0,
                settings.requestTimeout().plus(DRAIN)),
            verifier)
        .summary();
  }

  private FaultResults.Phase noFault(LookupTarget<?> target, String name) {
    progress.printf(
        Locale.ROOT, "No fault, %s: %d req/s for %s%n", name, settings.rate(), settings.phase());
    try (OpenLoop<?, Map<FieldStatus, Long>> load = openLoop(target)) {
      load.start(settings.rate());
      pauseFor(settings.phase());
      return report(name, load.stop(DRAIN.toMillis()), c -> true);
    }
  }

  private FaultResults.Kill kill(GrpcServingTarget serving, RedisServerProcess redis) {
    progress.printf(
        Locale.ROOT, "Redis killed for %s under %d req/s%n", settings.outage(), settings.rate());
    try (OpenLoop<?, Map<FieldStatus, Long>> load = openLoop(serving)) {
      load.start(settings.rate());
      pauseFor(settings.phase());
      // The restarted server loads this snapshot, as a real one would.
      RedisClusterProcesses.admin(redis.port(), c -> c.save());
      long killed = System.nanoTime();
      redis.kill();
      pauseFor(settings.outage());
      redis.start();
      long back = System.nanoTime();
      pauseFor(AFTER_FAULT);
      List<Call<Map<FieldStatus, Long>>> calls = load.stop(DRAIN.toMillis());
      OptionalDouble present =
          calls.stream()
              .filter(c -> c.startNanos() > back && count(c, FieldStatus.PRESENT) > 0)
              .mapToDouble(c -> (c.endNanos() - back) / 1e6)
              .min();
      long staleLate =
          calls.stream()
              .filter(
                  c -> c.startNanos() > back + 2_000_000_000L && count(c, FieldStatus.STALE) > 0)
              .count();
      return new FaultResults.Kill(
          report("before the kill", calls, c -> c.startNanos() < killed),
          report("Redis down", calls, c -> c.startNanos() >= killed && c.startNanos() < back),
          report("Redis back", calls, c -> c.startNanos() >= back),
          present,
          staleLate);
    }
  }

  private FaultResults.Pause pause(GrpcServingTarget serving, RedisServerProcess redis) {
    progress.printf(
        Locale.ROOT, "Redis paused for %s under %d req/s%n", settings.pause(), settings.rate());
    try (OpenLoop<?, Map<FieldStatus, Long>> load = openLoop(serving)) {
      load.start(settings.rate());
      pauseFor(settings.phase());
      long paused = System.nanoTime();
      RedisClusterProcesses.admin(redis.port(), c -> c.clientPause(settings.pause().toMillis()));
      pauseFor(settings.pause());
      long resumed = System.nanoTime();
      pauseFor(AFTER_FAULT);
      List<Call<Map<FieldStatus, Long>>> calls = load.stop(DRAIN.toMillis());
      return new FaultResults.Pause(
          report("before the pause", calls, c -> c.startNanos() < paused),
          report("Redis paused", calls, c -> c.startNanos() >= paused && c.startNanos() < resumed));
    }
  }

  private FaultResults.Overload overload(
      GrpcServingTarget serving, FeatureServerProcess server, ExecutorService verifier) {
    progress.printf(
        Locale.ROOT, "Closed loop, %d in flight for %s%n", settings.probeConcurrency(), PROBE);
    LatencySummary probe = closedLoop(serving, settings.probeConcurrency(), PROBE, verifier);
    double sustainable = sustainableRate(server, probe.qps());
    int offered = (int) Math.max(1, Math.round(sustainable * settings.overloadFactor()));
    progress.printf(
        Locale.ROOT,
        "Overload: %d x %.0f = %d req/s for %s%n",
        settings.overloadFactor(),
        sustainable,
        offered,
        settings.overload());
    ServerTimer shedBefore = ServerTimer.scrape(server, "resource_exhausted");
    ServerTimer okBefore = ServerTimer.scrape(server, "ok");
    List<Call<Map<FieldStatus, Long>>> calls = spread(server, offered, settings.overload());
    ServerTimer after = ServerTimer.scrape(server, "resource_exhausted");
    ServerTimer okAfter = ServerTimer.scrape(server, "ok");
    String shedCode = Status.Code.RESOURCE_EXHAUSTED.name();
    FaultResults.Phase admitted = report("admitted", calls, Call::ok);
    FaultResults.Phase shed = report("shed", calls, c -> shedCode.equals(c.error()));
    FaultResults.Phase other = report("other", calls, c -> !c.ok() && !shedCode.equals(c.error()));
    double seconds =
        calls.isEmpty()
            ? 1
            : (calls.get(calls.size() - 1).startNanos() - calls.get(0).startNanos()) / 1e9;
    return new FaultResults.Overload(
        probe,
        sustainable,
        calls.size() / Math.max(seconds, 1e-3),
        admitted,
        shed,
        other.calls(),
        after.meanMicrosSince(shedBefore),
        after.maxMicros(),
        okAfter.percentileMicrosSince(okBefore, 99));
  }

  /**
   * The sustainable rate: the highest of {@link #SUSTAINABLE_SHARES} of the closed loop's rate at
   * which the server, offered it open loop, answers every call with a p99 within the deadline. The
   * closed loop's rate itself is the server's saturation point (every slot busy), where an open
   * loop's queue grows without bound; a rate the server sustains has to be below it.
   */
  private double sustainableRate(FeatureServerProcess server, double closedLoopRate) {
    long deadlineNanos = deadlineMillis() * 1_000_000L;
    int rate = 1;
    for (double share : SUSTAINABLE_SHARES) {
      rate = (int) Math.max(1, Math.round(closedLoopRate * share));
      List<Call<Map<FieldStatus, Long>>> calls = spread(server, rate, PROBE);
      long failed = calls.stream().filter(c -> !c.ok()).count();
      LatencySummary latency = phase(calls, c -> c.ok()).latency();
      boolean sustained = failed == 0 && latency.p99Micros() * 1_000 <= deadlineNanos;
      progress.printf(
          Locale.ROOT,
          "Sustainable rate? open loop at %d req/s (%.0f%% of the closed loop's) for %s: p99"
              + " %.3f ms, %d failed: %s%n",
          rate,
          share * 100,
          PROBE,
          latency.p99Micros() / 1e3,
          failed,
          sustained ? "yes" : "no");
      if (sustained) {
        return rate;
      }
    }
    return rate;
  }

  /**
   * Open-loop load at {@code rate} for {@code length}, spread over channels, each with its share of
   * the rate: one channel's event loop cannot send and receive several thousand requests a second
   * of 250 feature names each. A call the client itself could not get an answer for in time (it
   * fell behind) is recorded as failed ({@link #UNANSWERED}), not fatal.
   *
   * @return every call, in start order
   */
  private List<Call<Map<FieldStatus, Long>>> spread(
      FeatureServerProcess server, int rate, Duration length) {
    List<Call<Map<FieldStatus, Long>>> calls = new ArrayList<>();
    List<GrpcServingTarget> channels = new ArrayList<>();
    List<OpenLoop<byte[], Map<FieldStatus, Long>>> loads = new ArrayList<>();
    try {
      for (int i = 0; i < OVERLOAD_CHANNELS; i++) {
        GrpcServingTarget channel =
            GrpcServingTarget.connect(server.grpcPort(), settings.requestTimeout());
        channels.add(channel);
        loads.add(
            new OpenLoop<>(
                channel,
                1,
                settings.entities(),
                settings.seed() + i,
                answer -> Map.of(),
                ServingFaultsRun::describe));
      }
      loads.forEach(l -> l.start(Math.max(1, rate / OVERLOAD_CHANNELS)));
      pauseFor(length);
      for (OpenLoop<byte[], Map<FieldStatus, Long>> l : loads) {
        calls.addAll(l.stopRecordingUnanswered(DRAIN.toMillis(), UNANSWERED));
      }
    } finally {
      loads.forEach(OpenLoop::close);
      channels.forEach(GrpcServingTarget::close);
    }
    calls.sort(Comparator.comparingLong(Call::startNanos));
    return calls;
  }

  private FaultResults.ColdStart coldStart(GrpcServingTarget serving, RedisMgetTarget baseline) {
    progress.printf(
        Locale.ROOT,
        "Cold start: %d entities only in %s's offline table%n",
        settings.coldEntities(),
        BenchWorkload.viewName(COLD_VIEW));
    // The first lookups after a server starts load and compile the offline read path's code and
    // outlast the offline budget; enough of them open the offline store's circuit breaker, which
    // closes again only after lookups succeed while it is half-open. Warm the path with other
    // entities of the table until each of them has been served from it, so that the measured
    // reads find the code warm and the breaker closed.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (long warmId : coldIds(0, WARM_ENTITIES)) {
      boolean warm = false;
      while (!warm && System.nanoTime() - deadline < 0) {
        warm =
            servedFromOffline(
                warmId, serving.lookup(new long[] {warmId}).exceptionally(e -> null).join());
      }
      if (!warm) {
        throw new IllegalStateException(
            "cold-start entity " + warmId + " was not served from the offline store within 60 s");
      }
    }
    PhaseHistogram first = new PhaseHistogram();
    PhaseHistogram second = new PhaseHistogram();
    int servedFirst = 0;
    int servedSecond = 0;
    for (long id : coldIds(WARM_ENTITIES, settings.coldEntities())) {
      long start = System.nanoTime();
      byte[] answer = serving.lookup(new long[] {id}).exceptionally(e -> null).join();
      first.record(System.nanoTime() - start);
      if (!servedFromOffline(id, answer)) {
        continue;
      }
      servedFirst++;
      awaitWrittenBack(baseline, id);
      start = System.nanoTime();
      answer = serving.lookup(new long[] {id}).exceptionally(e -> null).join();
      second.record(System.nanoTime() - start);
      servedSecond += servedFromOffline(id, answer) ? 1 : 0;
    }
    progress.printf(
        Locale.ROOT,
        "  first reads served %d/%d, second %d/%d%n",
        servedFirst,
        settings.coldEntities(),
        servedSecond,
        settings.coldEntities());
    return new FaultResults.ColdStart(first.summary(), second.summary(), servedFirst, servedSecond);
  }

  /**
   * Whether the answer holds the cold view's offline values for the entity, all PRESENT; false for
   * a failed read (null).
   */
  private static boolean servedFromOffline(long id, byte[] answer) {
    if (answer == null) {
      return false;
    }
    GetOnlineFeaturesResponse response = parse(answer);
    for (int f = 0; f < BenchWorkload.FEATURES_PER_VIEW; f++) {
      FeatureVector column =
          response.getResults(1 + COLD_VIEW * BenchWorkload.FEATURES_PER_VIEW + f);
      if (column.getStatuses(0) != FieldStatus.PRESENT
          || !column.getValues(0).equals(FeatureValues.value(COLD_VIEW, f, id))) {
        return false;
      }
    }
    return true;
  }

  /** Waits until the cold view's row of the entity is in Redis, written back by the server. */
  private static void awaitWrittenBack(RedisMgetTarget redis, long id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!redis.lookup(new long[] {id}).join().get(COLD_VIEW).hasValue()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "entity " + id + " was not written back to Redis within 10 s of its first read");
      }
      Thread.onSpinWait();
    }
  }

  private <A> OpenLoop<A, Map<FieldStatus, Long>> openLoop(LookupTarget<A> target) {
    Function<A, Map<FieldStatus, Long>> statuses =
        answer -> answer instanceof byte[] bytes ? statuses(parse(bytes)) : Map.of();
    return new OpenLoop<>(
        target, 1, settings.entities(), settings.seed(), statuses, ServingFaultsRun::describe);
  }

  /** A failure as its gRPC code, or its class for a failure of the baseline. */
  private static String describe(Throwable t) {
    Status status = Status.fromThrowable(t);
    return status.getCode() == Status.Code.UNKNOWN
        ? t.getClass().getSimpleName()
        : status.getCode().name();
  }

  private static GetOnlineFeaturesResponse parse(byte[] answer) {
    try {
      return GetOnlineFeaturesResponse.parseFrom(answer);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the server's answer is not a GetOnlineFeaturesResponse", e);
    }
  }

  /** Per status, the feature values of an answer (every column after the join key). */
  private static Map<FieldStatus, Long> statuses(GetOnlineFeaturesResponse answer) {
    Map<FieldStatus, Long> counts = new EnumMap<>(FieldStatus.class);
    for (int c = 1; c < answer.getResultsCount(); c++) {
      for (FieldStatus s : answer.getResults(c).getStatusesList()) {
        counts.merge(s, 1L, Long::sum);
      }
    }
    return counts;
  }

  private static long count(Call<Map<FieldStatus, Long>> call, FieldStatus status) {
    return call.ok() ? call.summary().getOrDefault(status, 0L) : 0;
  }

  /** The calls that pass the filter, as one phase. */
  private static FaultResults.Phase phase(
      List<Call<Map<FieldStatus, Long>>> calls, Predicate<Call<Map<FieldStatus, Long>>> filter) {
    PhaseHistogram latencies = new PhaseHistogram();
    Map<FieldStatus, Long> statuses = new EnumMap<>(FieldStatus.class);
    long failed = 0;
    long n = 0;
    for (Call<Map<FieldStatus, Long>> c : calls) {
      if (!filter.test(c)) {
        continue;
      }
      n++;
      latencies.record(c.latencyNanos(), c.startNanos(), c.endNanos());
      if (c.ok()) {
        c.summary().forEach((s, k) -> statuses.merge(s, k, Long::sum));
      } else {
        failed++;
      }
    }
    return new FaultResults.Phase(n, failed, latencies.summary(), statuses);
  }

  /**
   * The calls that pass the filter, as one phase, printed with its failures by kind (e.g. {@code
   * RESOURCE_EXHAUSTED} for shed calls, {@code DEADLINE_EXCEEDED} for the client's deadline).
   */
  private FaultResults.Phase report(
      String name,
      List<Call<Map<FieldStatus, Long>>> calls,
      Predicate<Call<Map<FieldStatus, Long>>> filter) {
    FaultResults.Phase p = phase(calls, filter);
    Map<String, Long> failures = new TreeMap<>();
    calls.stream()
        .filter(c -> !c.ok() && filter.test(c))
        .forEach(c -> failures.merge(c.error(), 1L, Long::sum));
    LatencySummary s = p.latency();
    progress.printf(
        Locale.ROOT,
        "  %-18s %,7d calls %,5d failed %s  p50 %.3f ms  p99 %.3f ms  max %.3f ms  %s%n",
        name,
        p.calls(),
        p.failed(),
        failures,
        s.p50Micros() / 1000.0,
        s.p99Micros() / 1000.0,
        s.maxMicros() / 1000.0,
        p.statuses());
    return p;
  }

  /** Lets the load run for a while: a phase's or a fault's length, not a wait for a condition. */
  private static void pauseFor(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a phase", e);
    }
  }

  /** Latencies of some calls, and the wall time from the first start to the last answer. */
  private static final class PhaseHistogram {
    private final org.HdrHistogram.Histogram micros = PhaseResult.newHistogram();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    void record(long latencyNanos) {
      long now = System.nanoTime();
      record(latencyNanos, now - latencyNanos, now);
    }

    void record(long latencyNanos, long startNanos, long endNanos) {
      micros.recordValue(
          Math.min((latencyNanos + 500) / 1000, PhaseResult.HIGHEST_TRACKABLE_MICROS));
      first = Math.min(first, startNanos);
      last = Math.max(last, endNanos);
    }

    LatencySummary summary() {
      double seconds = micros.getTotalCount() == 0 ? 0 : (last - first) / 1e9;
      return LatencySummary.of(micros, seconds);
    }
  }

  /**
   * The server's own timer of gRPC reads of one outcome, from its Prometheus endpoint: count, sum
   * and max (the max of the timer's recent window).
   */
  private record ServerTimer(
      double count, double sumSeconds, double maxSeconds, TreeMap<Double, Double> buckets) {

    static ServerTimer scrape(FeatureServerProcess server, String outcome) {
      String body = server.metrics();
      double count = 0;
      double sum = 0;
      double max = 0;
      TreeMap<Double, Double> buckets = new TreeMap<>();
      for (String line : body.split("\n")) {
        if (!line.startsWith("larder_serving_request_seconds")
            || !line.contains("api=\"grpc\"")
            || !line.contains("method=\"get_online_features\"")
            || !line.contains("outcome=\"" + outcome + "\"")) {
          continue;
        }
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (line.startsWith("larder_serving_request_seconds_count{")) {
          count = value;
        } else if (line.startsWith("larder_serving_request_seconds_sum{")) {
          sum = value;
        } else if (line.startsWith("larder_serving_request_seconds_max{")) {
          max = value;
        } else if (line.startsWith("larder_serving_request_seconds_bucket{")) {
          int le = line.indexOf("le=\"") + 4;
          String bound = line.substring(le, line.indexOf('"', le));
          buckets.put(
              bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value);
        }
      }
      return new ServerTimer(count, sum, max, buckets);
    }

    /**
     * The upper bound of the histogram bucket holding the given percentile of the calls recorded
     * since {@code before}.
     */
    OptionalDouble percentileMicrosSince(ServerTimer before, double percentile) {
      double n = count - before.count;
      if (n <= 0) {
        return OptionalDouble.empty();
      }
      for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
        double below = bucket.getValue() - before.buckets.getOrDefault(bucket.getKey(), 0.0);
        if (below >= n * percentile / 100) {
          return OptionalDouble.of(bucket.getKey() * 1e6);
        }
      }
      return OptionalDouble.empty();
    }

    OptionalDouble meanMicrosSince(ServerTimer before) {
      double n = count - before.count;
      return n <= 0
          ? OptionalDouble.empty()
          : OptionalDouble.of((sumSeconds - before.sumSeconds) / n * 1e6);
    }

    OptionalDouble maxMicros() {
      return count <= 0 ? OptionalDouble.empty() : OptionalDouble.of(maxSeconds * 1e6);
    }
  }
}
