package dev.larder.server.api;

import static dev.larder.server.ServingTestSupport.read;
import static dev.larder.server.ServingTestSupport.strs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.server.ServingTestSupport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With Redis down, reads fail fast as UNAVAILABLE / 503, and serve again once it is back. */
@TestPropertySource(properties = "larder.redis.command-timeout=500ms")
class StoreOutageIT extends ServerIT {

  @Test
  void anOutageIsUnavailableAndServingResumesAfterIt() {
    assumeTrue(REDIS.canStopServer(), "needs a redis-server this test can stop");
    GetOnlineFeaturesRequest request =
        read("shop", List.of("user_profile:age"), Map.of("user_id", strs("u1")));
    try (ServingTestSupport api = new ServingTestSupport(grpcServer.port(), httpPort)) {
      assertThat(api.grpc().getOnlineFeatures(request).getResults(1).getStatuses(0))
          .isEqualTo(FieldStatus.NOT_FOUND);

      REDIS.stopServer();
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class, () -> api.grpc().getOnlineFeatures(request));
      assertThat(e).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      ServingTestSupport.RestAnswer rest =
          api.post(
              "/get-online-features",
              "{\"features\": [\"user_profile:age\"], \"entities\": {\"user_id\": [\"u1\"]}}");
      assertThat(rest.status()).isEqualTo(503);
      assertThat(rest.body().get("error").get("code").asText()).isEqualTo("UNAVAILABLE");

      REDIS.restartServer();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  api.grpc().getOnlineFeatures(request).getResults(1).getStatuses(0)
                      == FieldStatus.NOT_FOUND);
    }
  }
}
