package dev.larder.benchmarks.training;

import dev.larder.benchmarks.ResourceStack;
import dev.larder.benchmarks.ServingSetup;
import dev.larder.benchmarks.process.FeatureServerProcess;
import dev.larder.benchmarks.process.LarderLauncher;
import dev.larder.benchmarks.report.MachineInfo;
import dev.larder.benchmarks.report.MarkdownReport;
import dev.larder.registry.Registry;
import dev.larder.registry.store.Registries;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.storage.online.redis.RedisServerProcess;
import dev.larder.storage.training.TrainingSetEngine;
import dev.larder.storage.training.TrainingSetRequest;
import dev.larder.storage.training.TrainingSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training sets, file to file: Larder's local engine (entity Parquet file and three Delta tables
 * in, Parquet out) next to DuckDB's ASOF JOIN over the same Parquet files with the same semantics
 * (ttl as a CASE on the matched event time), in the same run, round by round. Larder runs up to
 * three times a round: as a one-shot {@code larder training-set} process started through the
 * launcher script (a fresh JVM, what a user pays), through the engine in this JVM (warm after the
 * first round), and as a one-shot {@code larder training-set --server} client of a feature server
 * started for the run (warm after its first set, which is reported apart). Checks that every output
 * holds the same values. Prints a Markdown section; progress goes to stderr.
 */
@Command(
    name = "training-set-benchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Training-set rows/s, Larder's local engine next to DuckDB's ASOF JOIN.")
public final class TrainingSetBenchmark implements Callable<Integer> {

  private static final Duration LAUNCHER_TIMEOUT = Duration.ofHours(1);
  private static final Duration SERVER_START_TIMEOUT = Duration.ofMinutes(3);

  @Option(names = "--rows", description = "Entity rows (default: ${DEFAULT-VALUE}).")
  int rows = 1_000_000;

  @Option(names = "--view-rows", description = "Rows per view (default: as many as entity rows).")
  Integer viewRows;

  @Option(
      names = "--customers",
      description = "Distinct customers (default: a fifth of the view rows).")
  Integer customers;

  @Option(names = "--rounds", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(
      names = "--duckdb-memory",
      description = "DuckDB's memory_limit (default: ${DEFAULT-VALUE}, the JVM heap cap).")
  String duckdbMemory = "4GB";

  /** Where Larder's rounds run. */
  enum Jvm {
    /** A one-shot {@code larder training-set} process each round. */
    fresh,
    /** The engine in the benchmark's JVM. */
    shared,
    /** {@code larder training-set --server}: a one-shot client, the join in a resident server. */
    server
  }

  @Option(
      names = "--larder-jvm",
      split = ",",
      paramLabel = "fresh|shared|server",
      description =
          "Where Larder's rounds run, comma-separated: one-shot `larder training-set` processes"
              + " (fresh JVMs, through the launcher), this JVM (shared), or one-shot"
              + " `larder training-set --server` clients of a feature server started for the run"
              + " (server) (default: ${DEFAULT-VALUE}).")
  EnumSet<Jvm> larderJvm = EnumSet.allOf(Jvm.class);

  @Option(
      names = "--server-heap",
      paramLabel = "SIZE",
      description =
          "The feature server's fixed heap for server rounds (default: ${DEFAULT-VALUE}).")
  String serverHeap = "4g";

  @Option(
      names = "--launcher",
      paramLabel = "FILE",
      description =
          "The larder launcher script for fresh rounds (default: the repository's ./larder;"
              + " LARDER_JAVA_OPTS passes through).")
  Path launcher = Path.of(System.getProperty("larder.launcher", "larder"));

  @Option(names = "--work-dir", description = "Where to write the data (default: a temp dir).")
  Path workDir;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Append a dated section here.")
  Path markdown;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "larder-benchmark-logback.xml");
    }
    System.exit(new CommandLine(new TrainingSetBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int perView = viewRows != null ? viewRows : rows;
    int distinct = customers != null ? customers : Math.max(1, perView / 5);
    Path work = workDir != null ? workDir : Files.createTempDirectory("larder-training-bench-");
    Path root = work.resolve("offline");
    Path entities = work.resolve("entities.parquet");
    long t = System.nanoTime();
    OfflineStore store =
        DeltaOfflineStores.open(DeltaOfflineStoreOptions.builder().root(root).build());
    TrainingSetWorkload.writeViews(store, perView, distinct, 42);
    TrainingSetWorkload.writeEntities(entities, rows, distinct, 7);
    double setup = seconds(t);
    System.err.printf(
        Locale.ROOT,
        "Wrote %,d entity rows and 3 views x %,d rows in %.1f s%n",
        rows,
        perView,
        setup);

    LarderLauncher cli =
        larderJvm.contains(Jvm.fresh) || larderJvm.contains(Jvm.server)
            ? new LarderLauncher(launcher.toAbsolutePath(), work, work.resolve("larder-cli.log"))
            : null;
    String registryUrl = registerViews(work);
    Path freshOut = work.resolve("larder-fresh.parquet");
    Path serverOut = work.resolve("larder-server.parquet");
    List<String> cliArgs = trainingSetCommand(entities, freshOut);
    cliArgs.addAll(List.of("--registry-url", registryUrl, "--offline-root", root.toString()));
    if (larderJvm.contains(Jvm.fresh)) {
      // Untimed: brings the launcher's build up to date, its jars into the page cache, and writes
      // its class-data-sharing archive, as the first run after a build does.
      cli.run(cliArgs, LAUNCHER_TIMEOUT);
    }
    TrainingSetEngine larder = TrainingSets.local(store, TrainingSetWorkload::catalog);
    Path larderOut = work.resolve("larder.parquet");
    Path duckOut = work.resolve("duckdb.parquet");
    Rounds fresh = new Rounds();
    Rounds shared = new Rounds();
    Rounds viaServer = new Rounds();
    Rounds duckdb = new Rounds();
    try (ResourceStack resources = new ResourceStack(System.err)) {
      FeatureServerProcess server = null;
      List<String> serverArgs = null;
      String serverFirst = "";
      if (larderJvm.contains(Jvm.server)) {
        server = startServer(resources, registryUrl, root, work);
        serverArgs = trainingSetCommand(entities, serverOut);
        serverArgs.addAll(List.of("--server", "http://127.0.0.1:" + server.httpPort()));
        // Untimed but reported: the server's first set (its engine's code still to compile), and
        // the client's class-data-sharing archive.
        LarderLauncher.Run first = serverRound(cli, serverArgs, server);
        serverFirst =
            String.format(
                Locale.ROOT,
                "%n- Through the server: a feature server (`%s` heap) started for the run; its"
                    + " first training set after start-up, untimed below, took %.2f s; CPU s of"
                    + " server rounds: the client's and the server's, JIT compilers included",
                serverHeap,
                first.elapsedNanos() / 1e9);
      }
      String load = loadAverage();
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
        try (Statement s = duck.createStatement()) {
          s.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
          s.execute("SET memory_limit = '" + duckdbMemory + "'");
          s.execute("SET temp_directory = '" + work.resolve("duckdb-tmp") + "'");
        }
        for (int round = 1; round <= rounds; round++) {
          if (larderJvm.contains(Jvm.fresh)) {
            LarderLauncher.Run run = cli.run(cliArgs, LAUNCHER_TIMEOUT);
            fresh.add(run.elapsedNanos(), run.cpuNanos());
          }
          if (larderJvm.contains(Jvm.shared)) {
            shared.time(
                () ->
                    larder.run(
                        TrainingSetRequest.of(entities, TrainingSetWorkload.FEATURES, larderOut)));
          }
          if (server != null) {
            LarderLauncher.Run run = serverRound(cli, serverArgs, server);
            viaServer.add(run.elapsedNanos(), run.cpuNanos());
          }
          duckdb.time(
              () -> {
                try (Statement s = duck.createStatement()) {
                  s.execute(asofJoin(root, entities, duckOut));
                }
              });
          System.err.printf(
              Locale.ROOT,
              "round %d: larder fresh %s, larder shared %s, larder via server %s, duckdb %s%n",
              round,
              fresh.last(),
              shared.last(),
              viaServer.last(),
              duckdb.last());
        }
        String duckSummary = summary(duck, duckOut);
        for (Path out : List.of(freshOut, larderOut, serverOut)) {
          if (!Files.exists(out)) {
            continue;
          }
          String larderSummary = summary(duck, out);
          if (!larderSummary.equals(duckSummary)) {
            throw new IllegalStateException(
                "the outputs differ: " + out + " " + larderSummary + ", duckdb " + duckSummary);
          }
        }
        System.err.println("Every output holds " + duckSummary);
      }
      load += " before, " + loadAverage() + " after";
      String section =
          report(perView, distinct, setup, load + serverFirst, fresh, shared, viaServer, duckdb);
      System.out.print(section);
      if (markdown != null) {
        MarkdownReport.append(markdown, section);
      }
    }
    return 0;
  }

  /** Starts a feature server on the benchmark's registry and tables, with a Redis of its own. */
  private FeatureServerProcess startServer(
      ResourceStack resources, String registryUrl, Path root, Path work) {
    RedisServerProcess redis = resources.add(RedisServerProcess.start(work.resolve("redis")));
    return resources.add(
        ServingSetup.startServer(
            new FeatureServerProcess.Spec(
                registryUrl,
                redis.uri(),
                serverHeap,
                List.of("-Dlarder.offline.root=" + root),
                System.getProperty("java.class.path"),
                work.resolve("feature-server.log"),
                SERVER_START_TIMEOUT),
            System.err));
  }

  /**
   * One {@code larder training-set --server} run, timed from the client's start to its exit; its
   * CPU time is the client's and what the server used meanwhile.
   */
  private static LarderLauncher.Run serverRound(
      LarderLauncher cli, List<String> args, FeatureServerProcess server) {
    long serverCpu = server.totalCpuNanos();
    LarderLauncher.Run run = cli.run(args, LAUNCHER_TIMEOUT);
    return new LarderLauncher.Run(
        run.elapsedNanos(), run.cpuNanos() + server.totalCpuNanos() - serverCpu);
  }

  /** Registers the benchmark's views in a SQLite registry under {@code work}; returns its URL. */
  private static String registerViews(Path work) {
    String url = "jdbc:sqlite:" + work.resolve("registry.db");
    try (Registry registry = Registries.open(url)) {
      registry.apply(registry.plan(TrainingSetWorkload.project(), false), "training-set-benchmark");
    }
    return url;
  }

  /** The arguments of {@code larder training-set} for the benchmark's data, to add to. */
  private static List<String> trainingSetCommand(Path entities, Path out) {
    return new ArrayList<>(
        List.of(
            "training-set",
            "--entities",
            entities.toString(),
            "--features",
            String.join(",", TrainingSetWorkload.FEATURES),
            "--out",
            out.toString()));
  }

  /** DuckDB's point-in-time join with Larder's semantics, written to Parquet in input order. */
  static String asofJoin(Path root, Path entities, Path out) {
    String table = root.resolve(TrainingSetWorkload.PROJECT) + "/%s/v1/*/*.parquet";
    return """
        COPY (
          SELECT e.customer_id, e.event_timestamp, e.label,
            CASE WHEN o.event_timestamp >= e.event_timestamp - INTERVAL 7 DAY
              THEN o.order_count END AS order_count,
            CASE WHEN o.event_timestamp >= e.event_timestamp - INTERVAL 7 DAY
              THEN o.avg_value END AS avg_value,
            CASE WHEN p.event_timestamp >= e.event_timestamp - INTERVAL 30 DAY
              THEN p.segment END AS segment,
            r.rating
          FROM read_parquet('%s', file_row_number = true) e
          ASOF LEFT JOIN read_parquet('%s') o
            ON e.customer_id = o.customer_id AND e.event_timestamp >= o.event_timestamp
          ASOF LEFT JOIN read_parquet('%s') p
            ON e.customer_id = p.customer_id AND e.event_timestamp >= p.event_timestamp
          ASOF LEFT JOIN read_parquet('%s') r
            ON e.customer_id = r.customer_id AND e.event_timestamp >= r.event_timestamp
          ORDER BY e.file_row_number
        ) TO '%s' (FORMAT parquet, COMPRESSION snappy)
        """
        .formatted(
            entities,
            table.formatted("orders"),
            table.formatted("profile"),
            table.formatted("ratings"),
            out);
  }

  /** Counts and sums over an output that agree when two outputs hold the same values. */
  private static String summary(Connection duck, Path file) throws SQLException {
    try (Statement s = duck.createStatement();
        ResultSet r =
            s.executeQuery(
                ("SELECT count(*), count(order_count), sum(order_count), round(sum(avg_value), 2),"
                        + " count(segment), count(DISTINCT segment), round(sum(rating), 1),"
                        + " sum(label), min(event_timestamp)::VARCHAR, max(customer_id)"
                        + " FROM read_parquet('%s')")
                    .formatted(file))) {
      r.next();
      StringBuilder out = new StringBuilder("[");
      for (int c = 1; c <= 10; c++) {
        out.append(c == 1 ? "" : ", ").append(r.getString(c));
      }
      return out.append(']').toString();
    }
  }

  private String report(
      int perView,
      int distinct,
      double setup,
      String load,
      Rounds fresh,
      Rounds shared,
      Rounds viaServer,
      Rounds duck) {
    StringBuilder out =
        new StringBuilder()
            .append("\n## Training-set benchmark, ")
            .append(LocalDate.now(ZoneOffset.UTC))
            .append("\n\n- Command: `")
            .append(
                System.getProperty(
                    "larder.bench.command", "benchmarks/run training-set --rows " + rows))
            .append("`\n- Machine: ")
            .append(MachineInfo.detect().describe())
            .append("; load average (1, 5, 15 min) ")
            .append(load)
            .append(
                String.format(
                    Locale.ROOT,
                    "%n- Benchmark JVM max heap: %d MiB; fresh Larder rounds: `larder"
                        + " training-set` through the launcher, LARDER_JAVA_OPTS=%s; DuckDB"
                        + " memory_limit %s, %d threads%n"
                        + "- Data: %,d entity rows (Parquet) x 3 views of %,d rows each (Delta, 30"
                        + " days, %,d customers; ttl 7 d, 30 d, none); 4 features; writing it took"
                        + " %.1f s (not measured below)%n"
                        + "- Every side reads the same Parquet files and writes Parquet (Snappy) in"
                        + " input order; the outputs are checked to hold the same values%n"
                        + "- CPU s: user + system of the whole process (fresh: the launcher and"
                        + " its JVM; shared and DuckDB: this JVM, all threads)%n%n",
                    Runtime.getRuntime().maxMemory() >> 20,
                    System.getenv().getOrDefault("LARDER_JAVA_OPTS", "(unset)"),
                    duckdbMemory,
                    Runtime.getRuntime().availableProcessors(),
                    rows,
                    perView,
                    distinct,
                    setup))
            .append("| engine | first s | best s | median s | median CPU s | rows/s (best) |")
            .append(" rounds (s) |\n")
            .append("|---|---:|---:|---:|---:|---:|---|\n");
    if (!fresh.isEmpty()) {
      out.append(line("Larder `local`, a fresh `larder training-set` process each round", fresh));
    }
    if (!shared.isEmpty()) {
      out.append(line("Larder `local`, in the benchmark's JVM", shared));
    }
    if (!viaServer.isEmpty()) {
      out.append(
          line(
              "Larder `local`, a fresh `larder training-set --server` client each round",
              viaServer));
    }
    out.append(line("DuckDB " + duckVersion() + " ASOF JOIN (baseline)", duck)).append('\n');
    if (!fresh.isEmpty()) {
      out.append(ratio("fresh process", fresh, duck));
    }
    if (!shared.isEmpty()) {
      out.append(ratio("in the benchmark's JVM", shared, duck));
    }
    if (!viaServer.isEmpty()) {
      out.append(ratio("client of a running server", viaServer, duck));
    }
    return out.toString();
  }

  private static String ratio(String what, Rounds larder, Rounds duck) {
    return String.format(
        Locale.ROOT,
        "Larder (%s) / DuckDB throughput: %.2fx (best), %.2fx (median), %.2fx (first round)%n",
        what,
        duck.best() / larder.best(),
        duck.median() / larder.median(),
        duck.first() / larder.first());
  }

  private String line(String name, Rounds r) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %.2f | %.2f | %,.0f | %s |%n",
        name,
        r.first(),
        r.best(),
        r.median(),
        r.medianCpu(),
        rows / r.best(),
        r.all());
  }

  /** The first three fields of {@code /proc/loadavg}, or "unknown". */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String duckVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version()")) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      return "(version unknown)";
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
