package dev.larder.benchmarks.training;

import dev.larder.benchmarks.report.MachineInfo;
import dev.larder.benchmarks.report.MarkdownReport;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.storage.training.TrainingSetEngine;
import dev.larder.storage.training.TrainingSetRequest;
import dev.larder.storage.training.TrainingSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training sets, file to file: Larder's local engine (entity Parquet file and three Delta tables
 * in, Parquet out) next to DuckDB's ASOF JOIN over the same Parquet files with the same semantics
 * (ttl as a CASE on the matched event time), in the same run, alternating round by round. Checks
 * that both outputs hold the same values. Prints a Markdown section; progress goes to stderr.
 */
@Command(
    name = "training-set-benchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Training-set rows/s, Larder's local engine next to DuckDB's ASOF JOIN.")
public final class TrainingSetBenchmark implements Callable<Integer> {

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

    TrainingSetEngine larder = TrainingSets.local(store, TrainingSetWorkload::catalog);
    Path larderOut = work.resolve("larder.parquet");
    Path duckOut = work.resolve("duckdb.parquet");
    List<Double> larderSeconds = new ArrayList<>();
    List<Double> duckSeconds = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement s = duck.createStatement()) {
        s.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
        s.execute("SET memory_limit = '" + duckdbMemory + "'");
        s.execute("SET temp_directory = '" + work.resolve("duckdb-tmp") + "'");
      }
      for (int round = 1; round <= rounds; round++) {
        t = System.nanoTime();
        larder.run(TrainingSetRequest.of(entities, TrainingSetWorkload.FEATURES, larderOut));
        larderSeconds.add(seconds(t));
        t = System.nanoTime();
        try (Statement s = duck.createStatement()) {
          s.execute(asofJoin(root, entities, duckOut));
        }
        duckSeconds.add(seconds(t));
        System.err.printf(
            Locale.ROOT,
            "round %d: larder %.2f s, duckdb %.2f s%n",
            round,
            larderSeconds.get(round - 1),
            duckSeconds.get(round - 1));
      }
      String larderSummary = summary(duck, larderOut);
      String duckSummary = summary(duck, duckOut);
      if (!larderSummary.equals(duckSummary)) {
        throw new IllegalStateException(
            "the outputs differ: larder " + larderSummary + ", duckdb " + duckSummary);
      }
      System.err.println("Both outputs hold " + larderSummary);
    }
    String section = report(perView, distinct, setup, larderSeconds, duckSeconds);
    System.out.print(section);
    if (markdown != null) {
      MarkdownReport.append(markdown, section);
    }
    return 0;
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
      int perView, int distinct, double setup, List<Double> larder, List<Double> duck) {
    double larderBest = best(larder);
    double duckBest = best(duck);
    return new StringBuilder()
        .append("\n## Training-set benchmark, ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append("\n\n- Command: `")
        .append(
            System.getProperty(
                "larder.bench.command", "benchmarks/run training-set --rows " + rows))
        .append("`\n- Machine: ")
        .append(MachineInfo.detect().describe())
        .append(
            String.format(
                Locale.ROOT,
                "%n- JVM max heap: %d MiB; DuckDB memory_limit %s, %d threads%n"
                    + "- Data: %,d entity rows (Parquet) x 3 views of %,d rows each (Delta, 30"
                    + " days, %,d customers; ttl 7 d, 30 d, none); 4 features; writing it took"
                    + " %.1f s (not measured below)%n"
                    + "- Both sides read the same Parquet files and write Parquet (Snappy) in"
                    + " input order; the outputs are checked to hold the same values%n%n",
                Runtime.getRuntime().maxMemory() >> 20,
                duckdbMemory,
                Runtime.getRuntime().availableProcessors(),
                rows,
                perView,
                distinct,
                setup))
        .append("| engine | best s | median s | rows/s (best) | rounds |\n")
        .append("|---|---:|---:|---:|---:|\n")
        .append(line("Larder `local` engine", larder))
        .append(line("DuckDB " + duckVersion() + " ASOF JOIN (baseline)", duck))
        .append(
            String.format(
                Locale.ROOT,
                "%nLarder / DuckDB throughput: %.2fx (best), %.2fx (median)%n",
                duckBest / larderBest,
                median(duck) / median(larder)))
        .toString();
  }

  private String line(String name, List<Double> seconds) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %,.0f | %d |%n",
        name,
        best(seconds),
        median(seconds),
        rows / best(seconds),
        seconds.size());
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

  private static double best(List<Double> seconds) {
    return seconds.stream().min(Comparator.naturalOrder()).orElseThrow();
  }

  private static double median(List<Double> seconds) {
    return seconds.stream().sorted().toList().get(seconds.size() / 2);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
