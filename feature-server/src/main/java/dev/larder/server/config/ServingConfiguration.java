package dev.larder.server.config;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.larder.registry.Registry;
import dev.larder.registry.RegistrySnapshot;
import dev.larder.registry.store.Registries;
import dev.larder.server.api.grpc.FeatureServingGrpcService;
import dev.larder.server.api.grpc.GrpcServer;
import dev.larder.server.api.rest.AdmissionFilter;
import dev.larder.server.metrics.ServingMetrics;
import dev.larder.server.registry.RegistryFollower;
import dev.larder.server.resilience.AdmissionLimit;
import dev.larder.server.resilience.RecentRows;
import dev.larder.server.resilience.ResilientOnlineStore;
import dev.larder.server.resilience.ServingStore;
import dev.larder.server.serving.OnlineFeatureService;
import dev.larder.server.serving.PushService;
import dev.larder.server.serving.ReadPathWarmUp;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import dev.larder.storage.training.TrainingSetEngine;
import dev.larder.storage.training.TrainingSets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the serving process: definitions, the online store, the serving core and both APIs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LarderServerProperties.class)
public class ServingConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ServingConfiguration.class);

  /** Reads of each project's first view before the server reports ready. */
  public static final int WARM_UP_READS = 20;

  /** The most the warm-up may add to start-up. */
  static final Duration WARM_UP_BUDGET = Duration.ofSeconds(5);

  /**
   * Reads answered from the fallbacks during the warm-up: the first ten wait out {@link
   * #WARM_UP_STALL}, the rest find the stalled twin's circuit breaker open.
   */
  static final int WARM_UP_FALLBACKS = 100;

  /** How long a warm-up read waits for the stalled twin before its fallback answer. */
  static final Duration WARM_UP_STALL = Duration.ofMillis(2);

  /** Slots of the warm-up's own fallback rows: few, but some, so that recalling runs. */
  static final int WARM_UP_REMEMBERED_ROWS = 64;

  /** Answers waiting for a serving thread before Redis' I/O thread helps out. */
  static final int SERVING_QUEUE = 1024;

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  public Registry registry(LarderServerProperties properties) {
    String url = properties.registry().url();
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "larder.registry.url (env LARDER_REGISTRY_URL) is not set: point it at the registry,"
              + " e.g. jdbc:sqlite:.larder/registry.db");
    }
    return Registries.open(url);
  }

  /** The definitions as registered when the server starts; the follower keeps them current. */
  @Bean
  public CatalogHolder catalogHolder(Registry registry) {
    RegistrySnapshot snapshot = registry.snapshot();
    if (snapshot.revisions().isEmpty()) {
      log.warn("the registry holds no project yet; apply definitions and they will be served");
    } else {
      log.info("serving definitions {}", snapshot.revisions());
    }
    return new CatalogHolder(snapshot);
  }

  @Bean(destroyMethod = "close")
  public RegistryFollower registryFollower(
      Registry registry,
      CatalogHolder catalog,
      LarderServerProperties properties,
      MeterRegistry meters) {
    return new RegistryFollower(registry, catalog, properties.registry().pollInterval(), meters);
  }

  /**
   * Where answers from Redis are decoded and assembled, so that Redis' I/O thread only reads
   * replies. One thread per core; when all are busy and the queue is full, the I/O thread does the
   * work itself rather than fail the request.
   */
  @Bean(destroyMethod = "shutdown")
  public ThreadPoolExecutor servingExecutor() {
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(SERVING_QUEUE),
        r -> {
          Thread t = new Thread(r, "larder-serving-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  @Bean(destroyMethod = "close")
  public OnlineStore onlineStore(
      LarderServerProperties properties, Clock clock, ThreadPoolExecutor servingExecutor) {
    return RedisOnlineStores.connect(
        RedisOnlineStoreOptions.builder()
            .redisUri(properties.redis().url())
            .clusterNodes(properties.redis().cluster().nodes())
            .replicaReads(properties.redis().cluster().replicaReads())
            .topologyRefreshPeriod(properties.redis().cluster().refreshPeriod())
            .commandTimeout(properties.redis().commandTimeout())
            .clock(clock)
            .readExecutor(servingExecutor)
            .build());
  }

  @Bean
  public ServingMetrics servingMetrics(MeterRegistry registry) {
    return new ServingMetrics(registry);
  }

  @Bean
  public OnlineFeatureService onlineFeatureService(
      CatalogHolder catalog,
      ServingStore store,
      Clock clock,
      LarderServerProperties properties,
      ServingMetrics metrics,
      RecentRows recentRows) {
    return new OnlineFeatureService(
        catalog, store, clock, properties.serving().maxRows(), metrics, recentRows);
  }

  /**
   * Warms the read path once the server has started, before it reports ready to take traffic
   * (Spring Boot does so after these listeners return): reads through the same store, then reads
   * through its {@linkplain ResilientOnlineStore#stalledTwin stalled twin}, which are answered from
   * the fallbacks as in a stall of Redis. Both with metrics and fallback rows of their own, so they
   * show neither in the serving metrics nor among the rows recently served.
   */
  @Bean
  public ApplicationListener<ApplicationReadyEvent> readPathWarmUp(
      CatalogHolder catalog,
      ServingStore store,
      ResilientOnlineStore guarded,
      Clock clock,
      LarderServerProperties properties) {
    return event -> {
      long started = System.nanoTime();
      int answered =
          new ReadPathWarmUp(
                  catalog,
                  warmUpService(catalog, store, clock, properties),
                  WARM_UP_READS,
                  WARM_UP_BUDGET)
              .run();
      int fellBack =
          new ReadPathWarmUp(
                  catalog,
                  warmUpService(catalog, guarded.stalledTwin(WARM_UP_STALL), clock, properties),
                  WARM_UP_FALLBACKS,
                  WARM_UP_BUDGET)
              .run();
      log.info(
          "Warmed the read path with {} reads and {} fallback answers in {} ms",
          answered,
          fellBack,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    };
  }

  /** A serving core on {@code store} whose metrics and fallback rows nothing else sees. */
  private static OnlineFeatureService warmUpService(
      CatalogHolder catalog, ServingStore store, Clock clock, LarderServerProperties properties) {
    return new OnlineFeatureService(
        catalog,
        store,
        clock,
        properties.serving().maxRows(),
        new ServingMetrics(new SimpleMeterRegistry()),
        new RecentRows(WARM_UP_REMEMBERED_ROWS, Duration.ofMinutes(1), Ticker.systemTicker()));
  }

  /** Sheds REST reads beyond the admission limit before their bodies are read. */
  @Bean
  public FilterRegistrationBean<AdmissionFilter> admissionFilter(
      AdmissionLimit admissionLimit, ServingMetrics metrics) {
    FilterRegistrationBean<AdmissionFilter> registration =
        new FilterRegistrationBean<>(new AdmissionFilter(admissionLimit, metrics));
    registration.addUrlPatterns("/get-online-features");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  public PushService pushService(
      CatalogHolder catalog, OnlineStore store, Clock clock, LarderServerProperties properties) {
    return new PushService(catalog, store, clock, properties.serving().maxRows());
  }

  /**
   * The offline store at {@code larder.offline.root}: a Hadoop file system URI, or a local
   * directory relative to where the server runs.
   */
  @Bean
  public OfflineStore offlineStore(LarderServerProperties properties) {
    String root = properties.offline().root();
    DeltaOfflineStoreOptions.Builder options = DeltaOfflineStoreOptions.builder();
    return DeltaOfflineStores.open(
        (root.contains(":") ? options.root(root) : options.root(Path.of(root))).build());
  }

  /** Training sets of the offline store, made by the local engine in this process. */
  @Bean
  public TrainingSetEngine trainingSetEngine(OfflineStore offlineStore, CatalogHolder catalog) {
    return TrainingSets.local(offlineStore, catalog);
  }

  @Bean
  public GrpcServer grpcServer(
      LarderServerProperties properties,
      OnlineFeatureService reads,
      PushService pushes,
      ServingMetrics metrics,
      AdmissionLimit admissionLimit) {
    return new GrpcServer(
        properties.grpc().port(),
        properties.grpc().shutdownGrace(),
        new FeatureServingGrpcService(reads, pushes, metrics, admissionLimit));
  }
}
