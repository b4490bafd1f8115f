package dev.larder.server.config;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.larder.server.resilience.AdmissionLimit;
import dev.larder.server.resilience.ColdStartOnlineStore;
import dev.larder.server.resilience.RecentRows;
import dev.larder.server.resilience.ResilientOnlineStore;
import dev.larder.server.resilience.ServingStore;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.online.OnlineStore;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Wires serving under faults: the guarded online store the serving core reads (resilience4j
 * instances {@code online-store} and {@code offline-store}), the fallback cache, the admission
 * limit, and the cold-start lookup of the views that opt in.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
public class ResilienceConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ResilienceConfiguration.class);

  /** The resilience4j instance name of the guards around Redis. */
  public static final String ONLINE_STORE = "online-store";

  /** The resilience4j instance name of the guards around cold-start lookups. */
  public static final String OFFLINE_STORE = "offline-store";

  /**
   * How often the deadline threads wake whatever happens. A Redis read's deadline is at least half
   * the {@code online-store} deadline away (25 ms as shipped; cold-start lookups get 200 ms), later
   * than this tick's next run, so it never becomes the earliest task of the executor's queue:
   * scheduling it wakes no thread, where otherwise every read, at one in flight, woke one.
   */
  static final Duration DEADLINE_TICK = Duration.ofMillis(10);

  /**
   * Where deadlines of store calls fire, and fallback answers of reads past their deadline are made
   * and sent.
   */
  @Bean(destroyMethod = "shutdownNow")
  public ScheduledExecutorService storeDeadlines() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(2, daemonThreads("larder-deadline-"));
    executor.setRemoveOnCancelPolicy(true);
    long tick = DEADLINE_TICK.toNanos();
    executor.scheduleAtFixedRate(() -> {}, tick, tick, TimeUnit.NANOSECONDS);
    return executor;
  }

  /**
   * Redis ({@code onlineStore}) behind the {@code online-store} guards. The Redis bean is closed on
   * its own, so this one has no destroy method.
   */
  @Bean(destroyMethod = "")
  public ResilientOnlineStore guardedOnlineStore(
      @Qualifier("onlineStore") OnlineStore redis,
      CircuitBreakerRegistry circuitBreakers,
      TimeLimiterRegistry timeLimiters,
      BulkheadRegistry bulkheads,
      ScheduledExecutorService storeDeadlines,
      ResilienceProperties properties) {
    return new ResilientOnlineStore(
        redis,
        circuitBreakers.circuitBreaker(ONLINE_STORE),
        timeLimiters.timeLimiter(ONLINE_STORE),
        bulkheads.bulkhead(ONLINE_STORE),
        properties.answerReserve(),
        storeDeadlines);
  }

  /**
   * The online store as the serving core and pushes use it: the guarded Redis, behind the
   * cold-start lookup when views opt in. The Redis bean is closed on its own, so this one has no
   * destroy method.
   */
  @Primary
  @Bean(destroyMethod = "")
  public ServingStore servingOnlineStore(
      ResilientOnlineStore guarded,
      CircuitBreakerRegistry circuitBreakers,
      TimeLimiterRegistry timeLimiters,
      ScheduledExecutorService storeDeadlines,
      ResilienceProperties properties,
      OfflineStore offline,
      LarderServerProperties server,
      MeterRegistry meters) {
    if (properties.coldStartViews().isEmpty()) {
      return guarded;
    }
    log.info(
        "cold start from the offline store at {} for views {}",
        server.offline().root(),
        properties.coldStartViews());
    ThreadPoolExecutor lookups =
        new ThreadPoolExecutor(
            properties.coldStartThreads(),
            properties.coldStartThreads(),
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(properties.coldStartQueue()),
            daemonThreads("larder-cold-start-"),
            new ThreadPoolExecutor.AbortPolicy());
    return new ColdStartOnlineStore(
        guarded,
        offline,
        new HashSet<>(properties.coldStartViews()),
        lookups,
        circuitBreakers.circuitBreaker(OFFLINE_STORE),
        timeLimiters.timeLimiter(OFFLINE_STORE),
        storeDeadlines,
        meters);
  }

  @Bean
  public RecentRows recentRows(ResilienceProperties properties) {
    return new RecentRows(
        properties.fallbackCacheRows(), properties.fallbackCacheExpiry(), Ticker.systemTicker());
  }

  @Bean
  public AdmissionLimit admissionLimit(ResilienceProperties properties, MeterRegistry meters) {
    AdmissionLimit limit =
        new AdmissionLimit(properties.maxInFlight(), properties.admissionLatencyTarget());
    Gauge.builder("larder.serving.in.flight", limit, AdmissionLimit::inFlight)
        .description("Reads being served; reads beyond larder.serving.admission.limit are shed")
        .register(meters);
    Gauge.builder("larder.serving.admission.limit", limit, AdmissionLimit::limit)
        .description(
            "Reads admitted at once now: shrinks while admitted reads take longer than"
                + " larder.resilience.admission-latency-target, up to"
                + " larder.resilience.max-in-flight")
        .register(meters);
    return limit;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
