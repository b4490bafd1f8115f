package dev.larder.benchmarks.report;

import dev.larder.benchmarks.ServingBenchmarkSettings;
import dev.larder.benchmarks.workload.WorkloadLoader.LoadSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a serving benchmark run found.
 *
 * @param startedAt when the run started
 * @param load the load of the rows into Redis; empty when it was skipped
 * @param redisVersion the Redis server's version
 * @param redisUsedMemory Redis's {@code used_memory_human} after the load
 * @param batches one result per batch size, in the order measured
 */
public record BenchmarkResults(
    Instant startedAt,
    ServingBenchmarkSettings settings,
    Optional<LoadSummary> load,
    String redisVersion,
    String redisUsedMemory,
    List<BatchResult> batches) {

  public BenchmarkResults {
    batches = List.copyOf(batches);
  }
}
