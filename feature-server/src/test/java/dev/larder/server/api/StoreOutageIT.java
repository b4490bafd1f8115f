package dev.larder.server.api;

import static dev.larder.server.ServingTestSupport.f64;
import static dev.larder.server.ServingTestSupport.i32;
import static dev.larder.server.ServingTestSupport.read;
import static dev.larder.server.ServingTestSupport.strs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.server.ServingTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With Redis down, reads still answer: rows served before come from the fallback cache as STALE,
 * others get their default (DEFAULTED) or NOT_FOUND; never an error. Once Redis is back, PRESENT.
 */
@TestPropertySource(properties = "larder.redis.command-timeout=500ms")
class StoreOutageIT extends ServerIT {

  private static final List<String> FEATURES = List.of("user_profile:age", "user_profile:score");

  @Test
  void anOutageIsServedFromFallbacksAndServingResumesAfterIt() {
    assumeTrue(REDIS.canStopServer(), "needs a redis-server this test can stop");
    GetOnlineFeaturesRequest request = read("shop", FEATURES, Map.of("user_id", strs("u1", "u2")));
    try (ServingTestSupport api = new ServingTestSupport(grpcServer.port(), httpPort)) {
      assertThat(api.pushUserProfile("u1", 34, 0.9)).isEqualTo(1);
      GetOnlineFeaturesResponse before = api.grpc().getOnlineFeatures(request);
      assertThat(before.getResults(1).getStatusesList())
          .containsExactly(FieldStatus.PRESENT, FieldStatus.NOT_FOUND);

      REDIS.stopServer();
      GetOnlineFeaturesResponse during = api.grpc().getOnlineFeatures(request);
      FeatureVector age = during.getResults(1);
      FeatureVector score = during.getResults(2);
      assertThat(age.getStatusesList()).containsExactly(FieldStatus.STALE, FieldStatus.NOT_FOUND);
      assertThat(age.getValues(0)).isEqualTo(i32(34));
      assertThat(score.getStatusesList()).containsExactly(FieldStatus.STALE, FieldStatus.DEFAULTED);
      assertThat(score.getValuesList()).containsExactly(f64(0.9), f64(0.5));
      ServingTestSupport.RestAnswer rest =
          api.post(
              "/get-online-features",
              "{\"features\": [\"user_profile:age\"], \"entities\": {\"user_id\": [\"u1\"]}}");
      assertThat(rest.status()).isEqualTo(200);
      assertThat(rest.body().get("results").get(1).get("statuses").get(0).asText())
          .isEqualTo("STALE");

      REDIS.restartServer();
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> api.grpc().getOnlineFeatures(request).getResults(1).getStatusesList(),
              statuses -> statuses.equals(List.of(FieldStatus.NOT_FOUND, FieldStatus.NOT_FOUND)));
    }
  }
}
