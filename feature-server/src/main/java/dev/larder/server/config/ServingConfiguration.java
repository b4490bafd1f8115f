package dev.larder.server.config;

import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.server.api.grpc.FeatureServingGrpcService;
import dev.larder.server.api.grpc.GrpcServer;
import dev.larder.server.metrics.ServingMetrics;
import dev.larder.server.serving.OnlineFeatureService;
import dev.larder.server.serving.PushService;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the serving process: definitions, the online store, the serving core and both APIs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LarderServerProperties.class)
public class ServingConfiguration {

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  public CatalogHolder catalogHolder(LarderServerProperties properties) {
    if (properties.definitions() == null) {
      throw new IllegalStateException(
          "larder.definitions (env LARDER_DEFINITIONS) is not set: point it at a definitions folder");
    }
    FeatureCatalog catalog = new DefinitionLoader().load(properties.definitions());
    return new CatalogHolder(catalog);
  }

  @Bean(destroyMethod = "close")
  public OnlineStore onlineStore(LarderServerProperties properties, Clock clock) {
    return RedisOnlineStores.connect(
        RedisOnlineStoreOptions.builder()
            .redisUri(properties.redis().url())
            .commandTimeout(properties.redis().commandTimeout())
            .clock(clock)
            .build());
  }

  @Bean
  public ServingMetrics servingMetrics(MeterRegistry registry) {
    return new ServingMetrics(registry);
  }

  @Bean
  public OnlineFeatureService onlineFeatureService(
      CatalogHolder catalog, OnlineStore store, Clock clock, LarderServerProperties properties, ServingMetrics metrics) {
    return new OnlineFeatureService(catalog, store, clock, properties.serving().maxRows(), metrics);
  }

  @Bean
  public PushService pushService(
      CatalogHolder catalog, OnlineStore store, Clock clock, LarderServerProperties properties) {
    return new PushService(catalog, store, clock, properties.serving().maxRows());
  }

  @Bean
  public GrpcServer grpcServer(
      LarderServerProperties properties, OnlineFeatureService reads, PushService pushes, ServingMetrics metrics) {
    return new GrpcServer(
        properties.grpc().port(),
        properties.grpc().shutdownGrace(),
        new FeatureServingGrpcService(reads, pushes, metrics));
  }
}
