package dev.larder.server.config;

import dev.larder.server.resilience.AdmissionLimit;
import dev.larder.server.resilience.RecentRows;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server serves under faults, under {@code larder.resilience.*}. The guards around the
 * stores (time limits, circuit breakers, bulkhead) are resilience4j instances {@code online-store}
 * and {@code offline-store}, configured under {@code resilience4j.*}.
 *
 * @param maxInFlight reads served at once at most; a read beyond the current limit is refused at
 *     once (RESOURCE_EXHAUSTED, HTTP 429)
 * @param admissionLatencyTarget how long an admitted read may take, from arrival to answer, before
 *     fewer reads are admitted at once (between a few and {@code maxInFlight}); well under the
 *     online store's deadline, which a read never outlasts (its fallback answer comes first)
 * @param answerReserve how long before the online store's deadline a Redis read gives up, so that
 *     its fallback answer is made and sent by the deadline; at most half the deadline
 * @param fallbackCacheRows the most recently served rows kept to answer (STALE) while the online
 *     store is unavailable; 0 keeps none
 * @param fallbackCacheExpiry how long a served row stays usable as a fallback
 * @param coldStartViews views whose entities missing online are looked up in the offline store,
 *     each {@code view} or {@code project:view}; empty (the default) for none
 * @param coldStartThreads threads that run offline lookups
 * @param coldStartQueue offline lookups that may wait for a thread; more are refused (served as
 *     missing)
 */
@ConfigurationProperties("larder.resilience")
public record ResilienceProperties(
    @DefaultValue("" + AdmissionLimit.DEFAULT_MAX_IN_FLIGHT) int maxInFlight,
    @DefaultValue("20ms") Duration admissionLatencyTarget,
    @DefaultValue("5ms") Duration answerReserve,
    @DefaultValue("" + RecentRows.DEFAULT_MAX_ROWS) long fallbackCacheRows,
    @DefaultValue("10m") Duration fallbackCacheExpiry,
    @DefaultValue List<String> coldStartViews,
    @DefaultValue("2") int coldStartThreads,
    @DefaultValue("64") int coldStartQueue) {

  public ResilienceProperties {
    if (coldStartThreads < 1) {
      throw new IllegalArgumentException(
          "larder.resilience.cold-start-threads must be >= 1, was " + coldStartThreads);
    }
    if (coldStartQueue < 1) {
      throw new IllegalArgumentException(
          "larder.resilience.cold-start-queue must be >= 1, was " + coldStartQueue);
    }
    coldStartViews = List.copyOf(coldStartViews);
  }
}
