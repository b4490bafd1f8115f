package dev.larder.server.api;

import dev.larder.testing.RedisBackend;
import dev.larder.testing.RedisClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The serving APIs end to end, gRPC and REST, with the server on a Redis Cluster of 3 masters and 3
 * replicas ({@code larder.redis.cluster.nodes}).
 */
@Import(ServingApiIT.Clocks.class)
class ClusterServingApiIT extends ServingApiIT {

  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) {
    registry.add("larder.redis.cluster.nodes", () -> String.join(",", CLUSTER.nodes()));
  }

  @Override
  RedisBackend redis() {
    return CLUSTER;
  }
}
