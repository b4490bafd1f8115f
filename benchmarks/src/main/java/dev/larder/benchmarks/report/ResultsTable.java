package dev.larder.benchmarks.report;

import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.benchmarks.load.PhaseResult;
import dev.larder.benchmarks.workload.BenchWorkload;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders measured batches as a Markdown table and checks them against the latency targets. */
public final class ResultsTable {

  static final String BASELINE = "Redis MGET (baseline)";
  static final String SERVER = "Larder gRPC";
  static final String CLUSTER_SERVER = "Larder gRPC, Redis Cluster";

  /** The p99 targets on the 2-core reference machine: batch size and milliseconds. */
  private static final List<long[]> P99_TARGETS_MS =
      List.of(new long[] {1, 1}, new long[] {100, 3});

  private ResultsTable() {}

  /** One row per target and batch size; latencies in milliseconds, ratios server over baseline. */
  public static String markdown(List<BatchResult> batches) {
    StringBuilder out = new StringBuilder();
    out.append("| batch | keys/request | target | requests | QPS | p50 ms | p99 ms | p99.9 ms")
        .append(" | max ms | p50 vs baseline | p99 vs baseline | server CPU µs/request")
        .append(" | Redis CPU µs/request | answered from fallbacks |\n")
        .append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (BatchResult b : batches) {
      row(out, b.batchSize(), BASELINE, b.baseline(), "", "");
      row(out, b.batchSize(), SERVER, b.server(), times(b.p50Ratio()), times(b.p99Ratio()));
      b.clusterServer()
          .ifPresent(
              c ->
                  row(
                      out,
                      b.batchSize(),
                      CLUSTER_SERVER,
                      c,
                      times(b.p50Ratio(c)),
                      times(b.p99Ratio(c))));
    }
    return out.toString();
  }

  /** A sentence comparing the server's p99 with the targets, for the batch sizes measured. */
  public static Optional<String> targets(List<BatchResult> batches) {
    StringBuilder out = new StringBuilder();
    for (long[] target : P99_TARGETS_MS) {
      for (BatchResult b : batches) {
        if (b.batchSize() == target[0]) {
          double p99 = b.serverSummary().p99Micros() / 1000.0;
          out.append(out.length() == 0 ? "Targets: " : "; ")
              .append(
                  String.format(Locale.ROOT, "p99 <= %d ms at batch %d: ", target[1], target[0]))
              .append(String.format(Locale.ROOT, "%.3f ms, ", p99))
              .append(p99 <= target[1] ? "met" : "missed");
          if (b.server().fallbackReads() > 0) {
            out.append(
                String.format(
                    Locale.ROOT,
                    " (%,d of %,d reads answered from the fallbacks)",
                    b.server().fallbackReads(),
                    b.server().requests()));
          }
        }
      }
    }
    return out.length() == 0 ? Optional.empty() : Optional.of(out.append('.').toString());
  }

  private static void row(
      StringBuilder out, int batch, String target, PhaseResult result, String p50, String p99) {
    LatencySummary s = result.summary();
    out.append(
        String.format(
            Locale.ROOT,
            "| %d | %d | %s | %,d | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            batch,
            batch * BenchWorkload.VIEWS,
            target,
            s.requests(),
            s.qps(),
            millis(s.p50Micros()),
            millis(s.p99Micros()),
            millis(s.p999Micros()),
            millis(s.maxMicros()),
            p50,
            p99,
            micros(result.cpuMicrosPerRequest()),
            micros(result.redisCpuMicrosPerRequest()),
            result.fallbackReads() < 0
                ? ""
                : String.format(Locale.ROOT, "%,d", result.fallbackReads())));
  }

  private static String micros(double perRequest) {
    return Double.isNaN(perRequest) ? "" : String.format(Locale.ROOT, "%.0f", perRequest);
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
  }

  private static String times(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
  }
}
