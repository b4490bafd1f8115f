package dev.larder.server.api;

import dev.larder.server.TestRegistry;
import dev.larder.server.api.grpc.GrpcServer;
import dev.larder.testing.RedisBackend;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole server for one test class: real Netty gRPC and HTTP on free ports, a real registry (a
 * SQLite file) holding the test definitions (src/test/resources/definitions) and a real
 * redis-server of the class's own. Subclasses add settings with {@code @TestPropertySource}.
 *
 * <p>The Redis deadline is 1 s rather than 50 ms: on a shared test machine the process itself
 * stalls for tens of ms, which tests that are not about faults must not see as Redis being slow.
 * {@code ServingFaultsIT} restores the production guards.
 */
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "larder.grpc.port=0",
      "resilience4j.timelimiter.instances.online-store.timeout-duration=1s",
      "resilience4j.circuitbreaker.instances.online-store.slow-call-duration-threshold=1s"
    })
abstract class ServerIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir static Path registryDir;
  private static String registryUrl;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("larder.redis.url", REDIS::uri);
    registry.add("larder.registry.url", ServerIT::registryUrl);
  }

  /** The class's registry, created with the test definitions on first use. */
  static synchronized String registryUrl() {
    if (registryUrl == null || !registryUrl.equals(TestRegistry.url(registryDir))) {
      registryUrl = TestRegistry.apply(TestRegistry.url(registryDir), TestRegistry.DEFINITIONS);
    }
    return registryUrl;
  }

  /** The Redis the server uses: the class's own redis-server, unless a subclass says otherwise. */
  RedisBackend redis() {
    return REDIS;
  }

  @Autowired GrpcServer grpcServer;
  @LocalServerPort int httpPort;
}
