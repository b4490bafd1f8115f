package dev.larder.server.api;

import static dev.larder.server.ServingTestSupport.f64;
import static dev.larder.server.ServingTestSupport.i32;
import static dev.larder.server.ServingTestSupport.i64;
import static dev.larder.server.ServingTestSupport.nul;
import static dev.larder.server.ServingTestSupport.push;
import static dev.larder.server.ServingTestSupport.read;
import static dev.larder.server.ServingTestSupport.str;
import static dev.larder.server.ServingTestSupport.strs;
import static dev.larder.server.ServingTestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.serving.v1.PushFeaturesResponse;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.server.ServingTestSupport;
import dev.larder.server.TestClock;
import dev.larder.server.api.rest.ServingController;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The serving APIs end to end: real Netty gRPC, real HTTP, real redis-server. */
class ServingApiIT extends ServerIT {

  /** Near the real time: Redis expires keys by its own clock, whatever the server's clock says. */
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static final List<String> ALL_FEATURES =
      List.of(
          "user_profile:age",
          "user_profile:score",
          "user_profile:nickname",
          "user_profile:interests",
          "user_profile:embedding",
          "user_profile:last_seen",
          "merchant_stats:sales",
          "merchant_stats:open",
          "user_merchant:affinity");

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock(NOW);
    }
  }

  @Autowired TestClock clock;
  ServingTestSupport api;

  @BeforeEach
  void setUp() {
    redis().flushAll();
    clock.set(NOW);
    api = new ServingTestSupport(grpcServer.port(), httpPort);
    Map<String, List<Value>> users = new LinkedHashMap<>();
    users.put("user_id", strs("u1", "u2", "u3"));
    users.put(
        "event_timestamp",
        List.of(
            ts(NOW.minusSeconds(60)),
            ts(NOW.minusSeconds(30)),
            ts(NOW.minus(Duration.ofMinutes(90)))));
    users.put("age", List.of(i32(34), i32(27), i32(51)));
    users.put("score", List.of(f64(0.91), nul(), f64(0.2)));
    users.put("nickname", List.of(str("ann"), nul(), str("cy")));
    users.put(
        "interests",
        List.of(
            Value.newBuilder()
                .setStringListVal(StringList.newBuilder().addValues("jazz").addValues("tea:green"))
                .build(),
            nul(),
            nul()));
    users.put(
        "embedding",
        List.of(
            Value.newBuilder()
                .setFloatListVal(FloatList.newBuilder().addValues(0.25f).addValues(-1.5f))
                .build(),
            nul(),
            nul()));
    users.put("last_seen", List.of(ts(NOW.minusSeconds(5)), nul(), nul()));
    assertThat(api.grpc().pushFeatures(push("shop", "user_profile", users)).getRowsWritten())
        .isEqualTo(3);

    Map<String, List<Value>> merchants = new LinkedHashMap<>();
    merchants.put("merchant_id", List.of(i64(7)));
    merchants.put("event_timestamp", List.of(ts(NOW.minus(Duration.ofDays(40)))));
    merchants.put("sales", List.of(i64(1200)));
    merchants.put("open", List.of(Value.newBuilder().setBoolVal(true).build()));
    assertThat(api.grpc().pushFeatures(push("shop", "merchant_stats", merchants)).getRowsWritten())
        .isEqualTo(1);

    Map<String, List<Value>> pairs = new LinkedHashMap<>();
    pairs.put("user_id", strs("u1"));
    pairs.put("merchant_id", List.of(i64(7)));
    pairs.put("event_timestamp", List.of(ts(NOW.minusSeconds(10))));
    pairs.put("affinity", List.of(Value.newBuilder().setFloatVal(0.75f).build()));
    assertThat(api.grpc().pushFeatures(push("shop", "user_merchant", pairs)).getRowsWritten())
        .isEqualTo(1);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  private static Map<String, List<Value>> entities(List<String> users, List<Long> merchants) {
    Map<String, List<Value>> e = new LinkedHashMap<>();
    e.put("user_id", users.stream().map(ServingTestSupport::str).toList());
    e.put("merchant_id", merchants.stream().map(ServingTestSupport::i64).toList());
    return e;
  }

  private static FeatureVector column(GetOnlineFeaturesResponse r, String name) {
    int i = r.getMetadata().getFeatureNamesList().indexOf(name);
    assertThat(i)
        .as("column %s in %s", name, r.getMetadata().getFeatureNamesList())
        .isNotNegative();
    return r.getResults(i);
  }

  @Test
  void servesEveryStatusWithTheRightValue() {
    GetOnlineFeaturesResponse r =
        api.grpc()
            .getOnlineFeatures(
                read(
                    "shop",
                    ALL_FEATURES,
                    entities(List.of("u1", "u2", "u3", "u4"), List.of(7L, 7L, 8L, 7L))));

    assertThat(r.getMetadata().getFeatureNamesList())
        .as("join keys first, in order of first use, then the features in request order")
        .containsExactly(
            "user_id",
            "merchant_id",
            "age",
            "score",
            "nickname",
            "interests",
            "embedding",
            "last_seen",
            "sales",
            "open",
            "affinity");

    FeatureVector age = column(r, "age");
    assertThat(age.getValuesList()).containsExactly(i32(34), i32(27), nul(), nul());
    assertThat(age.getStatusesList())
        .containsExactly(
            FieldStatus.PRESENT,
            FieldStatus.PRESENT,
            FieldStatus.OUTSIDE_MAX_AGE,
            FieldStatus.NOT_FOUND);
    assertThat(age.getEventTimestamps(0).getSeconds())
        .isEqualTo(NOW.minusSeconds(60).getEpochSecond());
    assertThat(age.getEventTimestamps(3).getSeconds()).isZero();

    FeatureVector score = column(r, "score");
    assertThat(score.getValuesList()).containsExactly(f64(0.91), nul(), f64(0.5), f64(0.5));
    assertThat(score.getStatusesList())
        .containsExactly(
            FieldStatus.PRESENT,
            FieldStatus.NULL_VALUE,
            FieldStatus.OUTSIDE_MAX_AGE,
            FieldStatus.DEFAULTED);

    assertThat(column(r, "interests").getValues(0).getStringListVal().getValuesList())
        .containsExactly("jazz", "tea:green");
    assertThat(column(r, "embedding").getValues(0).getFloatListVal().getValuesList())
        .containsExactly(0.25f, -1.5f);
    assertThat(column(r, "last_seen").getValues(0)).isEqualTo(ts(NOW.minusSeconds(5)));

    FeatureVector sales = column(r, "sales");
    assertThat(sales.getValuesList()).containsExactly(i64(1200), i64(1200), i64(0), i64(1200));
    assertThat(sales.getStatusesList())
        .as("merchant_stats has no ttl: a 40-day-old row is still PRESENT; merchant 8 is DEFAULTED")
        .containsExactly(
            FieldStatus.PRESENT, FieldStatus.PRESENT, FieldStatus.DEFAULTED, FieldStatus.PRESENT);

    FeatureVector affinity = column(r, "affinity");
    assertThat(affinity.getStatusesList())
        .containsExactly(
            FieldStatus.PRESENT,
            FieldStatus.NOT_FOUND,
            FieldStatus.NOT_FOUND,
            FieldStatus.NOT_FOUND);
    assertThat(affinity.getValues(0).getFloatVal()).isEqualTo(0.75f);
  }

  @Test
  void ageIsJudgedAtRequestTime() {
    GetOnlineFeaturesRequest request =
        read("shop", List.of("user_profile:age"), Map.of("user_id", strs("u1")));
    assertThat(api.grpc().getOnlineFeatures(request).getResults(1).getStatuses(0))
        .isEqualTo(FieldStatus.PRESENT);

    clock.advance(Duration.ofMinutes(59));
    assertThat(api.grpc().getOnlineFeatures(request).getResults(1).getStatuses(0))
        .as("exactly ttl old is still inside the max age")
        .isEqualTo(FieldStatus.PRESENT);

    clock.advance(Duration.ofSeconds(1));
    GetOnlineFeaturesResponse late = api.grpc().getOnlineFeatures(request);
    assertThat(late.getResults(1).getStatuses(0)).isEqualTo(FieldStatus.OUTSIDE_MAX_AGE);
    assertThat(late.getResults(1).getValues(0)).isEqualTo(nul());
  }

  @Test
  void grpcAndRestGiveTheSameAnswer() throws Exception {
    GetOnlineFeaturesResponse grpc =
        api.grpc()
            .getOnlineFeatures(
                read(
                    "shop",
                    ALL_FEATURES,
                    entities(List.of("u1", "u2", "u3", "u4"), List.of(7L, 7L, 8L, 7L))));
    String body =
        """
        {"project": "shop",
         "features": %s,
         "entities": {"user_id": ["u1", "u2", "u3", "u4"], "merchant_id": [7, 7, 8, 7]}}
        """
            .formatted(ServingTestSupport.JSON.writeValueAsString(ALL_FEATURES));
    ServingTestSupport.RestAnswer rest = api.post("/get-online-features", body);

    assertThat(rest.status()).isEqualTo(200);
    assertThat(rest.body()).isEqualTo(reparsed(ServingController.toJson(grpc)));
    JsonNode age = rest.body().get("results").get(2);
    assertThat(rest.body().get("metadata").get("feature_names").get(2).asText()).isEqualTo("age");
    assertThat(age.get("values").get(0).asInt()).isEqualTo(34);
    assertThat(age.get("statuses").get(3).asText()).isEqualTo("NOT_FOUND");
    assertThat(age.get("event_timestamps").get(0).asText())
        .isEqualTo(NOW.minusSeconds(60).toString());
    assertThat(rest.body().get("results").get(5).get("values").get(0).get(1).asText())
        .isEqualTo("tea:green");
  }

  @Test
  void featureServicesAndFullFeatureNames() throws Exception {
    GetOnlineFeaturesRequest request =
        GetOnlineFeaturesRequest.newBuilder(
                read("shop", List.of(), entities(List.of("u1"), List.of(7L))))
            .clearFeatures()
            .setFeatureService("ranking")
            .setFullFeatureNames(true)
            .build();
    GetOnlineFeaturesResponse r = api.grpc().getOnlineFeatures(request);
    assertThat(r.getMetadata().getFeatureNamesList())
        .containsExactly(
            "user_id",
            "merchant_id",
            "user_profile__age",
            "merchant_stats__sales",
            "user_merchant__affinity");
    assertThat(column(r, "user_profile__age").getValues(0)).isEqualTo(i32(34));
    assertThat(column(r, "merchant_stats__sales").getValues(0)).isEqualTo(i64(1200));

    ServingTestSupport.RestAnswer rest =
        api.post(
            "/get-online-features",
            """
            {"feature_service": "ranking", "full_feature_names": true,
             "entities": {"user_id": ["u1"], "merchant_id": [7]}}
            """);
    assertThat(rest.status())
        .as("the project may be left out when the server holds one")
        .isEqualTo(200);
    assertThat(rest.body()).isEqualTo(reparsed(ServingController.toJson(r)));
  }

  @Test
  void everyReadIsOneRoundTripWhateverItsSize() {
    for (int rows : new int[] {1, 10, 100, 1000}) {
      List<String> users = new ArrayList<>();
      List<Long> merchants = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < rows; i++) {
        users.add("u" + (i % 5));
        merchants.add((long) (i % 9));
        keys.addAll(List.of("u" + (i % 5), "m" + (i % 9), "u" + (i % 5) + "m" + (i % 9)));
      }
      redis().resetStats();
      GetOnlineFeaturesResponse r =
          api.grpc().getOnlineFeatures(read("shop", ALL_FEATURES, entities(users, merchants)));
      assertThat(r.getResults(1).getValuesCount()).isEqualTo(rows);
      assertOneMgetPerSlot(redis().commandCalls("mget"), keys.size(), "gRPC", rows);
      assertThat(redis().commandCalls("get")).isZero();

      redis().resetStats();
      String body =
          "{\"features\": [\"user_profile:age\", \"merchant_stats:sales\", \"user_merchant:affinity\"], \"entities\": "
              + "{\"user_id\": "
              + toJson(users)
              + ", \"merchant_id\": "
              + toJson(merchants)
              + "}}";
      assertThat(api.post("/get-online-features", body).status()).isEqualTo(200);
      assertOneMgetPerSlot(redis().commandCalls("mget"), keys.size(), "REST", rows);
      assertThat(redis().commandCalls("get")).isZero();
    }
  }

  /** One MGET on one server; on a cluster one per slot, so at most one per distinct key. */
  private void assertOneMgetPerSlot(long mgets, int distinctKeys, String api, int rows) {
    if (redis().isCluster()) {
      assertThat(mgets)
          .as("MGETs for a %s read of %d rows x 3 views on a cluster", api, rows)
          .isBetween(1L, (long) distinctKeys);
    } else {
      assertThat(mgets).as("MGETs for a %s read of %d rows x 3 views", api, rows).isEqualTo(1);
    }
  }

  /** JSON as a client parses it: numbers lose the int/long and float/double distinction. */
  private static JsonNode reparsed(JsonNode node) throws Exception {
    return ServingTestSupport.JSON.readTree(ServingTestSupport.JSON.writeValueAsString(node));
  }

  private static String toJson(Object o) {
    try {
      return ServingTestSupport.JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void pushesAreNewestWins() {
    Map<String, List<Value>> older = new LinkedHashMap<>();
    older.put("user_id", strs("u1"));
    older.put("event_timestamp", List.of(ts(NOW.minusSeconds(600))));
    older.put("age", List.of(i32(99)));
    PushFeaturesResponse ignored = api.grpc().pushFeatures(push("shop", "user_profile", older));
    assertThat(ignored.getRowsWritten()).isZero();
    assertThat(ignored.getRowsOlderIgnored()).isEqualTo(1);

    ServingTestSupport.RestAnswer newer =
        api.post(
            "/push",
            """
            {"project": "shop", "feature_view": "user_profile", "to": "ONLINE",
             "rows": {"user_id": ["u1"], "event_timestamp": ["%s"], "age": [35]}}
            """
                .formatted(NOW.minusSeconds(1).atOffset(ZoneOffset.ofHours(2))));
    assertThat(newer.status()).isEqualTo(200);
    assertThat(newer.body().get("rows_written").asLong()).isEqualTo(1);

    GetOnlineFeaturesResponse r =
        api.grpc()
            .getOnlineFeatures(
                read(
                    "shop",
                    List.of("user_profile:age", "user_profile:nickname"),
                    Map.of("user_id", strs("u1"))));
    assertThat(r.getResults(1).getValues(0)).isEqualTo(i32(35));
    assertThat(r.getResults(1).getEventTimestamps(0).getSeconds())
        .isEqualTo(NOW.minusSeconds(1).getEpochSecond());
    assertThat(r.getResults(2).getStatuses(0))
        .as("a push that leaves a feature out stores null")
        .isEqualTo(FieldStatus.NULL_VALUE);
  }
}
