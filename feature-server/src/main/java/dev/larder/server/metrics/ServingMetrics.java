package dev.larder.server.metrics;

import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.registry.model.FeatureView;
import dev.larder.server.serving.FeaturePlan;
import dev.larder.server.serving.StatusCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Serving metrics: a latency histogram per API, method and outcome ({@code
 * larder_serving_request_seconds}), the reads answered from the fallback cache ({@code
 * larder_serving_fallback_reads_total}), and per view the number of values served by status ({@code
 * larder_serving_values_total}). Meters are created once and cached, so recording on the hot path
 * is a map read and an add. Thread-safe.
 */
public final class ServingMetrics {

  private final MeterRegistry registry;
  private final Counter fallbacks;
  private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentMap<FeatureView, Counter[]> statusCounters = new ConcurrentHashMap<>();

  public ServingMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.fallbacks =
        Counter.builder("larder.serving.fallback.reads")
            .description("Reads answered from the fallback cache because the online store failed")
            .register(registry);
  }

  /** Counts one read answered from the fallback cache. */
  public void recordFallback() {
    fallbacks.increment();
  }

  /**
   * Records one request.
   *
   * @param api "grpc" or "rest"
   * @param method the operation, e.g. "get_online_features"
   * @param outcome "ok" or the error code, e.g. "invalid_argument"
   */
  public void recordRequest(String api, String method, String outcome, long nanos) {
    timers
        .computeIfAbsent(
            new TimerKey(api, method, outcome),
            k ->
                Timer.builder("larder.serving.request")
                    .description("Latency of serving requests, from arrival to answer")
                    .tag("api", api)
                    .tag("method", method)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(5))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private record TimerKey(String api, String method, String outcome) {}

  /** Adds the statuses one read served, per view. */
  public void recordStatuses(FeaturePlan plan, StatusCounts counts) {
    List<FieldStatus> statuses = StatusCounts.STATUSES;
    for (int v = 0; v < plan.views().size(); v++) {
      Counter[] counters = statusCounters.computeIfAbsent(plan.views().get(v), this::countersFor);
      for (int s = 0; s < counters.length; s++) {
        long n = counts.count(v, statuses.get(s));
        if (n > 0) {
          counters[s].increment(n);
        }
      }
    }
  }

  private Counter[] countersFor(FeatureView view) {
    List<FieldStatus> statuses = StatusCounts.STATUSES;
    Counter[] counters = new Counter[statuses.size()];
    for (int s = 0; s < counters.length; s++) {
      counters[s] =
          Counter.builder("larder.serving.values")
              .description("Feature values served, by view and status")
              .tag("project", view.project())
              .tag("view", view.name())
              .tag("version", Integer.toString(view.version()))
              .tag("status", statuses.get(s).name())
              .register(registry);
    }
    return counters;
  }
}
