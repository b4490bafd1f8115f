package dev.larder.benchmarks.load;

import dev.larder.benchmarks.workload.BenchWorkload;
import org.HdrHistogram.Histogram;

/**
 * What one or more measured phases of a target recorded. Immutable by convention: the histogram is
 * a private copy that callers must not modify.
 *
 * @param latenciesMicros every measured latency, in microseconds
 * @param elapsedNanos wall time from the first request to the last answer, summed over phases
 * @param verifiedAnswers answers checked value by value
 * @param verifiedValues feature values found present and equal to what was loaded
 * @param cpuNanos CPU time (user + system) the process serving the target spent on the phases'
 *     requests, or -1 when not measured
 * @param redisCpuNanos CPU time (user + system) Redis spent during the phases, as its {@code INFO
 *     cpu} tells, or -1 when not measured
 * @param fallbackReads reads the server answered from its fallbacks during the phases (Redis failed
 *     or missed the read's deadline), or -1 when not measured
 */
public record PhaseResult(
    Histogram latenciesMicros,
    long elapsedNanos,
    long verifiedAnswers,
    long verifiedValues,
    long cpuNanos,
    long redisCpuNanos,
    long fallbackReads) {

  /** The largest latency a histogram tracks; a slower request is recorded as this. */
  public static final long HIGHEST_TRACKABLE_MICROS = 60_000_000L;

  private static final int SIGNIFICANT_DIGITS = 3;

  /** An empty histogram of the benchmark's range and precision. */
  public static Histogram newHistogram() {
    return new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
  }

  /** Nothing recorded yet. */
  public static PhaseResult empty() {
    return new PhaseResult(newHistogram(), 0, 0, 0, 0, 0, 0);
  }

  /**
   * This result with what was measured around it: the CPU time of its target's process and of
   * Redis, and the reads its server answered from its fallbacks (each -1 when not measured).
   */
  public PhaseResult withMeasured(long cpuNanos, long redisCpuNanos, long fallbackReads) {
    return new PhaseResult(
        latenciesMicros,
        elapsedNanos,
        verifiedAnswers,
        verifiedValues,
        cpuNanos,
        redisCpuNanos,
        fallbackReads);
  }

  /** This and another result together, as if measured in one phase. */
  public PhaseResult plus(PhaseResult other) {
    Histogram merged = latenciesMicros.copy();
    merged.add(other.latenciesMicros);
    return new PhaseResult(
        merged,
        elapsedNanos + other.elapsedNanos,
        verifiedAnswers + other.verifiedAnswers,
        verifiedValues + other.verifiedValues,
        sum(cpuNanos, other.cpuNanos),
        sum(redisCpuNanos, other.redisCpuNanos),
        sum(fallbackReads, other.fallbackReads));
  }

  /** Two measured figures together; -1 when either is not measured. */
  private static long sum(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }

  /**
   * How many of the checked answers had no {@code PRESENT} value, that is were made from the
   * server's fallbacks: every other answer verifies all {@code batch} x 250 of its values.
   */
  public long fallbackAnswersChecked(int batch) {
    return verifiedAnswers - verifiedValues / ((long) batch * BenchWorkload.FEATURES);
  }

  public long requests() {
    return latenciesMicros.getTotalCount();
  }

  /**
   * CPU time of the target's process per measured request, in microseconds; NaN when not measured.
   * Requests of the warm-up and of other targets are not counted, nor is their CPU.
   */
  public double cpuMicrosPerRequest() {
    return perRequestMicros(cpuNanos);
  }

  /**
   * CPU time Redis spent per measured request, in microseconds, its own timers included; NaN when
   * not measured.
   */
  public double redisCpuMicrosPerRequest() {
    return perRequestMicros(redisCpuNanos);
  }

  private double perRequestMicros(long nanos) {
    return nanos < 0 || requests() == 0 ? Double.NaN : nanos / 1000.0 / requests();
  }

  public LatencySummary summary() {
    return LatencySummary.of(latenciesMicros, elapsedNanos / 1e9);
  }
}
