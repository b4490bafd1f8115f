package dev.larder.server.api;

import dev.larder.server.api.grpc.GrpcServer;
import dev.larder.testing.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole server for one test class: real Netty gRPC and HTTP on free ports, the test definitions
 * (src/test/resources/definitions) and a real redis-server of the class's own. Subclasses add
 * settings with {@code @TestPropertySource}.
 */
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"larder.grpc.port=0", "larder.definitions=src/test/resources/definitions"})
abstract class ServerIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("larder.redis.url", REDIS::uri);
  }

  @Autowired GrpcServer grpcServer;
  @LocalServerPort int httpPort;
}
