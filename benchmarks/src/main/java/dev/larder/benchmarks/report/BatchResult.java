package dev.larder.benchmarks.report;

import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.benchmarks.load.PhaseResult;
import java.util.Optional;

/**
 * The baseline and the server measured at one batch size, in the same run.
 *
 * @param batchSize entities per request
 * @param baseline the raw Redis {@code MGET} of the same keys
 * @param server the feature server's {@code GetOnlineFeatures}
 * @param clusterServer a second feature server's {@code GetOnlineFeatures}, on a Redis Cluster;
 *     empty unless measured
 */
public record BatchResult(
    int batchSize, PhaseResult baseline, PhaseResult server, Optional<PhaseResult> clusterServer) {

  public LatencySummary baselineSummary() {
    return baseline.summary();
  }

  public LatencySummary serverSummary() {
    return server.summary();
  }

  /** Server p50 over baseline p50. */
  public double p50Ratio() {
    return p50Ratio(server);
  }

  /** Server p99 over baseline p99. */
  public double p99Ratio() {
    return p99Ratio(server);
  }

  /** The p50 of {@code target} over the baseline's. */
  public double p50Ratio(PhaseResult target) {
    return ratio(target.summary().p50Micros(), baseline.summary().p50Micros());
  }

  /** The p99 of {@code target} over the baseline's. */
  public double p99Ratio(PhaseResult target) {
    return ratio(target.summary().p99Micros(), baseline.summary().p99Micros());
  }

  private static double ratio(long server, long baseline) {
    return baseline <= 0 ? Double.NaN : (double) server / baseline;
  }
}
