package dev.larder.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * The figures of a measured target at one batch size. Latencies are in microseconds, from issuing a
 * request to receiving its whole answer, as the client sees them.
 *
 * @param requests measured requests (warm-up excluded)
 * @param seconds measured wall time, summed over the rounds
 */
public record LatencySummary(
    long requests,
    double seconds,
    long p50Micros,
    long p99Micros,
    long p999Micros,
    long maxMicros,
    double meanMicros) {

  /** Summarises a histogram of microsecond latencies recorded over {@code seconds}. */
  public static LatencySummary of(Histogram micros, double seconds) {
    return new LatencySummary(
        micros.getTotalCount(),
        seconds,
        micros.getValueAtPercentile(50),
        micros.getValueAtPercentile(99),
        micros.getValueAtPercentile(99.9),
        micros.getMaxValue(),
        micros.getMean());
  }

  /** Requests per second of measured wall time. */
  public double qps() {
    return seconds <= 0 ? 0 : requests / seconds;
  }
}
