package dev.larder.benchmarks.materialize;

import dev.larder.benchmarks.report.CpuTime;
import dev.larder.benchmarks.report.MachineInfo;
import dev.larder.benchmarks.report.MarkdownReport;
import dev.larder.pipelines.materialize.MaterializationResult;
import dev.larder.pipelines.materialize.Materializer;
import dev.larder.pipelines.materialize.MaterializerSettings;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.TimeRange;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import dev.larder.storage.online.redis.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Materialization throughput (Delta to Redis, newest-wins) next to raw pipelined {@code SET}s of
 * the same keys and values on the same Redis in the same run. Each round empties Redis, then
 * materializes, materializes again (every row already there: the newest-wins check refuses all),
 * empties Redis, and writes the baseline. Prints a Markdown section; progress goes to stderr.
 */
@Command(
    name = "materialize-benchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Materialization rows/s next to raw pipelined Redis SETs of the same rows.")
public final class MaterializeBenchmark implements Callable<Integer> {

  @Option(names = "--rows", description = "Rows (one per entity) (default: ${DEFAULT-VALUE}).")
  int rows = 1_000_000;

  @Option(names = "--rounds", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(
      names = "--baseline-batch",
      description = "SETs per pipelined baseline batch (default: ${DEFAULT-VALUE}).")
  int baselineBatch = 1000;

  @Option(
      names = "--write-batch",
      description =
          "Rows per pipelined newest-wins batch (default: ${DEFAULT-VALUE}, as larder materialize).")
  int writeBatch = 1000;

  @Option(
      names = "--in-flight",
      description = "Write calls of 5,000 rows in flight at once (default: ${DEFAULT-VALUE}).")
  int inFlight = MaterializerSettings.DEFAULT.chunksInFlight();

  @Option(
      names = "--redis-url",
      description = "A Redis the benchmark may flush (default: a private redis-server).")
  String redisUrl;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Append a dated section here.")
  Path markdown;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "larder-benchmark-logback.xml");
    }
    System.exit(new CommandLine(new MaterializeBenchmark()).execute(args));
  }

  /** One round of one step: wall time, and the CPU this JVM and the Redis server spent on it. */
  record Sample(double seconds, double clientCpu, double redisCpu) {}

  /** The rounds of one step, and the rows each round handled. */
  record Step(String name, long rows, List<Sample> samples) {
    double best() {
      return samples.stream().mapToDouble(Sample::seconds).min().orElseThrow();
    }

    double median() {
      return median(Sample::seconds);
    }

    double median(ToDoubleFunction<Sample> of) {
      return samples.stream().mapToDouble(of).sorted().toArray()[samples.size() / 2];
    }
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("larder-materialize-bench-");
    RedisServerProcess server = redisUrl == null ? RedisServerProcess.start(work) : null;
    String url = redisUrl != null ? redisUrl : server.uri();
    try {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      OfflineStore offline =
          DeltaOfflineStores.open(
              DeltaOfflineStoreOptions.builder().root(work.resolve("offline")).build());
      long t = System.nanoTime();
      MaterializeWorkload.write(offline, rows, now);
      double deltaWrite = secondsSince(t);
      System.err.printf(Locale.ROOT, "Wrote %,d rows to Delta in %.1f s%n", rows, deltaWrite);
      TimeRange range = new TimeRange(now.minus(Duration.ofDays(2)), now.plusSeconds(1));
      List<Step> steps = measure(offline, url, range);
      String section = report(url, deltaWrite, steps);
      System.out.print(section);
      if (markdown != null) {
        MarkdownReport.append(markdown, section);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    return 0;
  }

  private List<Step> measure(OfflineStore offline, String url, TimeRange range) {
    List<Sample> scan = new ArrayList<>();
    List<Sample> first = new ArrayList<>();
    List<Sample> again = new ArrayList<>();
    List<Sample> raw = new ArrayList<>();
    try (OnlineStore online =
        RedisOnlineStores.connect(
            RedisOnlineStoreOptions.builder()
                .redisUri(url)
                .writeBatchSize(writeBatch)
                .commandTimeout(MaterializerSettings.DEFAULT.chunkTimeout())
                .build())) {
      MaterializerSettings settings =
          new MaterializerSettings(
              MaterializerSettings.DEFAULT.chunkRows(),
              inFlight,
              MaterializerSettings.DEFAULT.chunkTimeout(),
              MaterializerSettings.DEFAULT.scanParallelism());
      Materializer materializer = new Materializer(offline, online, settings, Clock.systemUTC());
      for (int round = 1; round <= rounds; round++) {
        scan.add(timed(url, () -> scanOnly(offline, range)));
        RedisContents.flush(url);
        first.add(
            timed(
                url,
                () -> {
                  MaterializationResult r =
                      materializer.materialize(MaterializeWorkload.VIEW, range);
                  check(r.write().written() == rows, r + " written");
                }));
        check(RedisContents.dbSize(url) == rows, "not every row is in Redis");
        again.add(
            timed(
                url,
                () -> {
                  MaterializationResult r =
                      materializer.materialize(MaterializeWorkload.VIEW, range);
                  check(r.write().olderIgnored() == rows, "the second materialization wrote " + r);
                }));
        RedisContents contents = RedisContents.read(url);
        RedisContents.flush(url);
        raw.add(
            timed(
                url,
                () -> {
                  try (RawRedisWriter writer = new RawRedisWriter(url)) {
                    writer.write(contents.keys, contents.values, baselineBatch);
                  }
                }));
        check(RedisContents.dbSize(url) == rows, "the baseline did not write every key");
        System.err.printf(
            Locale.ROOT,
            "round %d: scan %s, materialize %s, again %s, raw SET %s (values %.0f bytes)%n",
            round,
            describe(scan.get(round - 1)),
            describe(first.get(round - 1)),
            describe(again.get(round - 1)),
            describe(raw.get(round - 1)),
            contents.meanValueBytes());
      }
    }
    return List.of(
        new Step("Delta scan alone (read and decode every row, files on every core)", rows, scan),
        new Step(
            "materialize into empty Redis (newest-wins, pipelined: SET NX for absent keys)",
            rows,
            first),
        new Step("materialize again (every row refused as not newer, by the script)", rows, again),
        new Step(
            "raw pipelined SET of the same keys and values, batches of " + baselineBatch,
            rows,
            raw));
  }

  /** Runs one step and measures its wall time and the CPU both processes spent on it. */
  private static Sample timed(String url, Runnable step) {
    double redisCpu = RedisContents.cpuSeconds(url);
    long cpu = CpuTime.processNanos();
    long t = System.nanoTime();
    step.run();
    double seconds = secondsSince(t);
    return new Sample(
        seconds, (CpuTime.processNanos() - cpu) / 1e9, RedisContents.cpuSeconds(url) - redisCpu);
  }

  private static String describe(Sample s) {
    return String.format(
        Locale.ROOT,
        "%.2f s (CPU: benchmark JVM %.2f s, Redis %.2f s)",
        s.seconds(),
        s.clientCpu(),
        s.redisCpu());
  }

  private static void scanOnly(OfflineStore offline, TimeRange range) {
    LongAdder count = new LongAdder();
    offline
        .snapshot(MaterializeWorkload.VIEW)
        .scanConcurrently(
            ReadFilter.all().withRange(range),
            MaterializerSettings.DEFAULT.scanParallelism(),
            row -> count.increment());
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }

  private String report(String url, double deltaWrite, List<Step> steps) {
    StringBuilder out = new StringBuilder();
    out.append("\n## Materialization benchmark, ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append("\n\n- Command: `")
        .append(
            System.getProperty(
                "larder.bench.command",
                String.format(
                    Locale.ROOT,
                    "benchmarks/run materialize --rows %d --rounds %d --write-batch %d"
                        + " --in-flight %d",
                    rows,
                    rounds,
                    writeBatch,
                    inFlight)))
        .append("`\n- Machine: ")
        .append(MachineInfo.detect().describe())
        .append(
            String.format(
                Locale.ROOT,
                "%n- Redis: %s; one view, %,d rows, one per entity, 3 features, 7-day ttl%n"
                    + "- Writing the Delta table (not measured below): %.1f s%n%n",
                redisUrl != null ? "at " + url : "private `redis-server` on this machine",
                rows,
                deltaWrite))
        .append(
            "| step | best s | median s | rows/s (best) | benchmark JVM CPU s (median)"
                + " | Redis CPU s (median) | rounds |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Step s : steps) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %,.0f | %.2f | %.2f | %d |%n",
              s.name(),
              s.best(),
              s.median(),
              s.rows() / s.best(),
              s.median(Sample::clientCpu),
              s.median(Sample::redisCpu),
              s.samples().size()));
    }
    return out.toString();
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
