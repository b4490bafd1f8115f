package dev.larder.server.api;

import static dev.larder.server.ServingTestSupport.i64;
import static dev.larder.server.ServingTestSupport.push;
import static dev.larder.server.ServingTestSupport.read;
import static dev.larder.server.ServingTestSupport.str;
import static dev.larder.server.ServingTestSupport.strs;
import static dev.larder.server.ServingTestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.PushFeaturesRequest;
import dev.larder.proto.serving.v1.PushTarget;
import dev.larder.proto.types.v1.Value;
import dev.larder.server.ServingTestSupport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

/**
 * Bad input is refused with the right code on both APIs and a message that names the problem. Each
 * case is sent once over gRPC and once as the equivalent REST body.
 */
@TestPropertySource(properties = "larder.serving.max-rows=50")
class ServingErrorsIT extends ServerIT {

  private ServingTestSupport api;

  @BeforeEach
  void connect() {
    api = new ServingTestSupport(grpcServer.port(), httpPort);
  }

  @AfterEach
  void disconnect() {
    api.close();
  }

  private ServingTestSupport api() {
    return api;
  }

  static Stream<Arguments> badReads() {
    Map<String, List<Value>> oneUser = Map.of("user_id", strs("u1"));
    return Stream.of(
        Arguments.of(
            "unknown project",
            read("nope", List.of("user_profile:age"), oneUser),
            "{\"project\": \"nope\", \"features\": [\"user_profile:age\"], \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.NOT_FOUND,
            "'nope'"),
        Arguments.of(
            "unknown view",
            read("shop", List.of("ghost:age"), oneUser),
            "{\"features\": [\"ghost:age\"], \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.NOT_FOUND,
            "'ghost'"),
        Arguments.of(
            "unknown feature",
            read("shop", List.of("user_profile:height"), oneUser),
            "{\"features\": [\"user_profile:height\"], \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.NOT_FOUND,
            "'height'"),
        Arguments.of(
            "unknown version",
            read("shop", List.of("user_profile@v9:age"), oneUser),
            "{\"features\": [\"user_profile@v9:age\"], \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.NOT_FOUND,
            "v9"),
        Arguments.of(
            "unknown feature service",
            GetOnlineFeaturesRequest.newBuilder(read("shop", List.of(), oneUser))
                .clearFeatures()
                .setFeatureService("nobody")
                .build(),
            "{\"feature_service\": \"nobody\", \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.NOT_FOUND,
            "'nobody'"),
        Arguments.of(
            "malformed reference",
            read("shop", List.of("user_profile.age"), oneUser),
            "{\"features\": [\"user_profile.age\"], \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "'user_profile.age'"),
        Arguments.of(
            "missing join key",
            read("shop", List.of("user_profile:age"), Map.of()),
            "{\"features\": [\"user_profile:age\"], \"entities\": {}}",
            Status.Code.INVALID_ARGUMENT,
            "missing join key 'user_id'"),
        Arguments.of(
            "mistyped join key",
            read("shop", List.of("user_profile:age"), Map.of("user_id", List.of(i64(1)))),
            "{\"features\": [\"user_profile:age\"], \"entities\": {\"user_id\": [1]}}",
            Status.Code.INVALID_ARGUMENT,
            "entities.user_id[0]: expected STRING"),
        Arguments.of(
            "a column that is no join key",
            read(
                "shop",
                List.of("user_profile:age"),
                Map.of("user_id", strs("u1"), "userid", strs("u1"))),
            "{\"features\": [\"user_profile:age\"], \"entities\": {\"user_id\": [\"u1\"], \"userid\": [\"u1\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "'userid' is not a join key"),
        Arguments.of(
            "columns of unequal length",
            read(
                "shop",
                List.of("user_merchant:affinity"),
                twoColumns(strs("a", "b"), List.of(i64(1)))),
            "{\"features\": [\"user_merchant:affinity\"], \"entities\": {\"user_id\": [\"a\", \"b\"], \"merchant_id\": [1]}}",
            Status.Code.INVALID_ARGUMENT,
            "columns differ in length"),
        Arguments.of(
            "too many rows",
            read(
                "shop",
                List.of("user_profile:age"),
                Map.of("user_id", Collections.nCopies(51, str("u")))),
            "{\"features\": [\"user_profile:age\"], \"entities\": {\"user_id\": "
                + jsonStrings(51)
                + "}}",
            Status.Code.INVALID_ARGUMENT,
            "51 rows exceed the limit of 50"),
        Arguments.of(
            "no features",
            read("shop", List.of(), oneUser),
            "{\"features\": [], \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "names no feature"),
        Arguments.of(
            "ambiguous names",
            read("shop", List.of("user_profile:age", "user_profile:age"), oneUser),
            "{\"features\": [\"user_profile:age\", \"user_profile:age\"], \"entities\": {\"user_id\": [\"u1\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "requested twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badReads")
  void badReadsAreRefused(
      String name, GetOnlineFeaturesRequest grpc, String json, Status.Code code, String message) {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> api().grpc().getOnlineFeatures(grpc));
    assertThat(e).as(name).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).contains(message);

    ServingTestSupport.RestAnswer rest = api().post("/get-online-features", json);
    assertThat(rest.status()).isEqualTo(code == Status.Code.NOT_FOUND ? 404 : 400);
    assertThat(rest.body().get("error").get("code").asText()).isEqualTo(code.name());
    assertThat(rest.body().get("error").get("message").asText()).contains(message);
  }

  static Stream<Arguments> badPushes() {
    Instant t = Instant.parse("2026-11-23T12:00:00Z");
    return Stream.of(
        Arguments.of(
            "unknown view",
            push("shop", "ghost", rows("user_id", strs("u1"), "event_timestamp", List.of(ts(t)))),
            "{\"feature_view\": \"ghost\", \"rows\": {\"user_id\": [\"u1\"], \"event_timestamp\": [\"2026-11-23T12:00:00Z\"]}}",
            Status.Code.NOT_FOUND,
            "'ghost'"),
        Arguments.of(
            "unknown column",
            push(
                "shop",
                "user_profile",
                rows(
                    "user_id",
                    strs("u1"),
                    "event_timestamp",
                    List.of(ts(t)),
                    "height",
                    List.of(i64(1)))),
            "{\"feature_view\": \"user_profile\", \"rows\": {\"user_id\": [\"u1\"], \"event_timestamp\": [\"2026-11-23T12:00:00Z\"], \"height\": [1]}}",
            Status.Code.NOT_FOUND,
            "'height'"),
        Arguments.of(
            "missing event time",
            push("shop", "user_profile", rows("user_id", strs("u1"))),
            "{\"feature_view\": \"user_profile\", \"rows\": {\"user_id\": [\"u1\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "'event_timestamp'"),
        Arguments.of(
            "missing join key",
            push("shop", "user_profile", rows("event_timestamp", List.of(ts(t)))),
            "{\"feature_view\": \"user_profile\", \"rows\": {\"event_timestamp\": [\"2026-11-23T12:00:00Z\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "'user_id'"),
        Arguments.of(
            "mistyped feature",
            push(
                "shop",
                "user_profile",
                rows("user_id", strs("u1"), "event_timestamp", List.of(ts(t)), "age", strs("old"))),
            "{\"feature_view\": \"user_profile\", \"rows\": {\"user_id\": [\"u1\"], \"event_timestamp\": [\"2026-11-23T12:00:00Z\"], \"age\": [\"old\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "rows.age[0]: expected INT32"),
        Arguments.of(
            "push columns of unequal length",
            push(
                "shop",
                "user_profile",
                rows("user_id", strs("u1", "u2"), "event_timestamp", List.of(ts(t)))),
            "{\"feature_view\": \"user_profile\", \"rows\": {\"user_id\": [\"u1\", \"u2\"],"
                + " \"event_timestamp\": [\"2026-11-23T12:00:00Z\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "columns differ in length"),
        Arguments.of(
            "too many rows pushed",
            push(
                "shop",
                "user_profile",
                rows(
                    "user_id",
                    Collections.nCopies(51, str("u")),
                    "event_timestamp",
                    Collections.nCopies(51, ts(t)))),
            "{\"feature_view\": \"user_profile\", \"rows\": {\"user_id\": "
                + jsonStrings(51)
                + ", \"event_timestamp\": "
                + "["
                + String.join(",", Collections.nCopies(51, "\"2026-11-23T12:00:00Z\""))
                + "]}}",
            Status.Code.INVALID_ARGUMENT,
            "51 rows exceed the limit of 50"),
        Arguments.of(
            "mistyped join key pushed",
            push(
                "shop",
                "user_profile",
                rows("user_id", List.of(i64(1)), "event_timestamp", List.of(ts(t)))),
            "{\"feature_view\": \"user_profile\", \"rows\": {\"user_id\": [1],"
                + " \"event_timestamp\": [\"2026-11-23T12:00:00Z\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "rows.user_id[0]: expected STRING"),
        Arguments.of(
            "bad timestamp text",
            null,
            "{\"feature_view\": \"user_profile\", \"rows\": {\"user_id\": [\"u1\"], \"event_timestamp\": [\"yesterday\"]}}",
            Status.Code.INVALID_ARGUMENT,
            "'yesterday' is not an RFC 3339 timestamp"),
        Arguments.of(
            "offline target",
            PushFeaturesRequest.newBuilder(
                    push(
                        "shop",
                        "user_profile",
                        rows("user_id", strs("u1"), "event_timestamp", List.of(ts(t)))))
                .setTo(PushTarget.OFFLINE)
                .build(),
            "{\"feature_view\": \"user_profile\", \"to\": \"OFFLINE\", \"rows\": {\"user_id\": [\"u1\"], \"event_timestamp\": [\"2026-11-23T12:00:00Z\"]}}",
            Status.Code.UNIMPLEMENTED,
            "OFFLINE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPushes")
  void badPushesAreRefused(
      String name, PushFeaturesRequest grpc, String json, Status.Code code, String message) {
    if (grpc != null) {
      StatusRuntimeException e =
          catchThrowableOfType(StatusRuntimeException.class, () -> api().grpc().pushFeatures(grpc));
      assertThat(e).as(name).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(message);
    }
    ServingTestSupport.RestAnswer rest = api().post("/push", json);
    assertThat(rest.status())
        .isEqualTo(
            switch (code) {
              case NOT_FOUND -> 404;
              case UNIMPLEMENTED -> 501;
              default -> 400;
            });
    assertThat(rest.body().get("error").get("message").asText()).contains(message);
  }

  @Test
  void malformedJsonIsABadRequest() {
    ServingTestSupport.RestAnswer rest = api().post("/get-online-features", "{\"features\": [");
    assertThat(rest.status()).isEqualTo(400);
    assertThat(rest.body().get("error").get("message").asText()).contains("not valid JSON");
  }

  private static Map<String, List<Value>> twoColumns(List<Value> users, List<Value> merchants) {
    Map<String, List<Value>> m = new LinkedHashMap<>();
    m.put("user_id", users);
    m.put("merchant_id", merchants);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<Value>> rows(Object... namesAndColumns) {
    Map<String, List<Value>> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndColumns.length; i += 2) {
      m.put((String) namesAndColumns[i], (List<Value>) namesAndColumns[i + 1]);
    }
    return m;
  }

  private static String jsonStrings(int n) {
    return "[" + String.join(",", Collections.nCopies(n, "\"u\"")) + "]";
  }
}
