package dev.larder.benchmarks.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one fault benchmark run. Immutable; validated when built, each bad value named.
 *
 * @param entities entities loaded per view (ids {@code 0..entities-1})
 * @param rate requests per second of the open-loop load in the no-fault, kill and pause phases
 * @param warmup closed-loop warm-up of the server and the baseline before any phase is measured
 * @param phase length of each no-fault phase, and of the load before each fault
 * @param outage how long Redis stays killed
 * @param pause how long Redis is paused ({@code CLIENT PAUSE})
 * @param overloadFactor the overload's rate as a multiple of the sustainable rate
 * @param overload how long the overload lasts
 * @param probeConcurrency requests in flight of the closed loop that measures the sustainable rate
 * @param coldEntities entities present only in the offline store, each requested twice
 * @param maxInFlight the server's admission limit, or empty for its default
 * @param requestTimeout the client deadline of every request
 * @param serverHeap the server's fixed heap, e.g. {@code 1g}
 * @param serverJvmArgs further JVM options of the server
 * @param markdown a file to append the report to
 * @param command the command line as typed, for the report
 */
public record FaultSettings(
    int entities,
    int rate,
    Duration warmup,
    Duration phase,
    Duration outage,
    Duration pause,
    int overloadFactor,
    Duration overload,
    int probeConcurrency,
    int coldEntities,
    Optional<Integer> maxInFlight,
    Duration requestTimeout,
    String serverHeap,
    List<String> serverJvmArgs,
    Optional<Path> markdown,
    long seed,
    String command) {

  public FaultSettings {
    positive("entities", entities);
    positive("rate", rate);
    positive("overload factor", overloadFactor);
    positive("probe concurrency", probeConcurrency);
    positive("cold entities", coldEntities);
    maxInFlight.ifPresent(n -> positive("max in-flight", n));
    for (Duration d : List.of(warmup, phase, outage, pause, overload, requestTimeout)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive, was " + d);
      }
    }
    serverJvmArgs = List.copyOf(serverJvmArgs);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
