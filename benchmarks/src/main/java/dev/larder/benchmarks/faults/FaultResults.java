package dev.larder.benchmarks.faults;

import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.proto.serving.v1.FieldStatus;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a fault benchmark run measured. Latencies are client-side, in microseconds, from issuing a
 * request to receiving its whole answer.
 *
 * @param startedAt when the run began
 * @param settings the run's settings
 * @param redisVersion the {@code redis_version} of the private Redis
 * @param deadlineMillis the server's online-store deadline
 * @param baseline the raw {@code MGET} at the open-loop rate, no fault
 * @param steady the server at the open-loop rate, no fault
 * @param kill Redis killed for the outage, then restarted
 * @param pause Redis paused
 * @param overload the server at a multiple of its sustainable rate
 * @param coldStart first and second reads of entities present only offline
 */
public record FaultResults(
    Instant startedAt,
    FaultSettings settings,
    String redisVersion,
    long deadlineMillis,
    Phase baseline,
    Phase steady,
    Kill kill,
    Pause pause,
    Overload overload,
    ColdStart coldStart) {

  /**
   * Calls of one phase.
   *
   * @param calls calls started in the phase
   * @param failed calls that failed (any error, including the client deadline)
   * @param statuses per status, the feature values answered with it
   */
  public record Phase(
      long calls, long failed, LatencySummary latency, Map<FieldStatus, Long> statuses) {}

  /**
   * @param before calls before the kill (the no-fault reference of the same load)
   * @param during calls started while Redis was down
   * @param after calls started after Redis answered again
   * @param presentAfterMillis from Redis answering again to the first answer with PRESENT values
   * @param staleLateCalls calls started 2 s or more after the restart that still got STALE values
   */
  public record Kill(
      Phase before,
      Phase during,
      Phase after,
      OptionalDouble presentAfterMillis,
      long staleLateCalls) {}

  /**
   * @param before calls before the pause
   * @param during calls started while Redis was paused
   */
  public record Pause(Phase before, Phase during) {}

  /**
   * @param probe the closed loop (the server's saturation rate) the sustainable rate is a share of
   * @param sustainable the highest share of the closed loop's rate tried that the server, offered
   *     it open loop, answered with no failure and a p99 within the deadline (req/s)
   * @param offered requests per second sent during the overload
   * @param admitted calls answered
   * @param shed calls refused with RESOURCE_EXHAUSTED
   * @param other calls that failed otherwise (client deadline, or no outcome after the drain)
   * @param shedServerMeanMicros the server's own mean time for a shed call (its metrics)
   * @param shedServerMaxMicros the server's own longest shed call in its metrics' last window
   * @param admittedServerP99Micros the server's own p99 of admitted calls, from arrival to answer
   *     (the upper bound of its histogram bucket)
   */
  public record Overload(
      LatencySummary probe,
      double sustainable,
      double offered,
      Phase admitted,
      Phase shed,
      long other,
      OptionalDouble shedServerMeanMicros,
      OptionalDouble shedServerMaxMicros,
      OptionalDouble admittedServerP99Micros) {}

  /**
   * @param first first reads (fv_00 found offline, within the offline budget)
   * @param second second reads, once the row is back in Redis
   * @param servedFirst first reads whose fv_00 values were PRESENT and equal to the offline row;
   *     only their entities are read a second time
   * @param servedSecond second reads likewise
   */
  public record ColdStart(
      LatencySummary first, LatencySummary second, int servedFirst, int servedSecond) {}
}
