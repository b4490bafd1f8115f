package dev.larder.benchmarks.report;

import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.benchmarks.load.PhaseResult;

/**
 * The baseline and the server measured at one batch size, in the same run.
 *
 * @param batchSize entities per request
 * @param baseline the raw Redis {@code MGET} of the same keys
 * @param server the feature server's {@code GetOnlineFeatures}
 */
public record BatchResult(int batchSize, PhaseResult baseline, PhaseResult server) {

  public LatencySummary baselineSummary() {
    return baseline.summary();
  }

  public LatencySummary serverSummary() {
    return server.summary();
  }

  /** Server p50 over baseline p50. */
  public double p50Ratio() {
    return ratio(server.summary().p50Micros(), baseline.summary().p50Micros());
  }

  /** Server p99 over baseline p99. */
  public double p99Ratio() {
    return ratio(server.summary().p99Micros(), baseline.summary().p99Micros());
  }

  private static double ratio(long server, long baseline) {
    return baseline <= 0 ? Double.NaN : (double) server / baseline;
  }
}
