package dev.larder.server.api;

import static dev.larder.server.ServingTestSupport.i32;
import static dev.larder.server.ServingTestSupport.read;
import static dev.larder.server.ServingTestSupport.strs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.util.concurrent.ListenableFuture;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.server.ServingTestSupport;
import dev.larder.server.resilience.AdmissionLimit;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Load shedding at the door: with the admission limit full (reads held by a paused Redis for the 1
 * s deadline), a further read is refused at once by both APIs, before any work is done on it, and
 * places come back when held reads end, whether answered or cancelled by their client.
 */
@TestPropertySource(properties = "larder.resilience.max-in-flight=2")
class LoadSheddingIT extends ServerIT {

  /** Longer than the 1 s Redis deadline, so that held reads end by their deadline. */
  private static final long PAUSE_MILLIS = 1_500;

  /**
   * The server time a shed call may take on this shared machine (its stalls reach a few hundred
   * ms); an admitted one waits for the 1 s deadline.
   */
  private static final double SHED_MILLIS = 250;

  private static final String REST_READ =
      "{\"features\": [\"user_profile:age\"], \"entities\": {\"user_id\": [\"u1\"]}}";

  private static final GetOnlineFeaturesRequest READ =
      read("shop", List.of("user_profile:age"), Map.of("user_id", strs("u1")));

  @Autowired AdmissionLimit admission;
  @Autowired MeterRegistry meters;

  private ServingTestSupport api;

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    api = new ServingTestSupport(grpcServer.port(), httpPort);
    assertThat(api.pushUserProfile("u1", 34, 0.9)).isEqualTo(1);
    assertThat(present()).isTrue();
    assertThat(api.post("/get-online-features", REST_READ).status()).isEqualTo(200);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void readsBeyondTheLimitAreShedAtOnceByBothApisAndPlacesComeBack() throws Exception {
    REDIS.commands().clientPause(PAUSE_MILLIS);
    ListenableFuture<GetOnlineFeaturesResponse> first = api.futures().getOnlineFeatures(READ);
    ListenableFuture<GetOnlineFeaturesResponse> second = api.futures().getOnlineFeatures(READ);
    Awaitility.await().atMost(Duration.ofSeconds(1)).until(admission::inFlight, n -> n == 2);

    long start = System.nanoTime();
    StatusRuntimeException shed =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> api.grpc().getOnlineFeatures(READ));
    long grpcMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    ServingTestSupport.RestAnswer rest = api.post("/get-online-features", REST_READ);
    long restMillis = (System.nanoTime() - start) / 1_000_000;
    double grpcServerMillis = shedServerMillis("grpc");
    double restServerMillis = shedServerMillis("rest");
    System.out.printf(
        "shed with 2 reads held: gRPC %d ms, REST %d ms client side; %.3f ms, %.3f ms server side%n",
        grpcMillis, restMillis, grpcServerMillis, restServerMillis);

    assertThat(shed.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(shed.getStatus().getDescription())
        .isEqualTo("server overloaded: 2 requests in flight (at most 2); retry with backoff");
    assertThat(grpcServerMillis).isLessThan(SHED_MILLIS);
    assertThat(rest.status()).isEqualTo(429);
    assertThat(rest.body().at("/error/code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(rest.body().at("/error/message").asText())
        .isEqualTo("server overloaded: 2 requests in flight (at most 2); retry with backoff");
    assertThat(restServerMillis).isLessThan(SHED_MILLIS);
    assertThat(first.isDone() || second.isDone()).as("held reads were still waiting").isFalse();

    // Held reads end by their deadline, from the fallback cache, and give their places back.
    assertThat(first.get(5, TimeUnit.SECONDS).getResults(1).getStatuses(0))
        .isEqualTo(FieldStatus.STALE);
    assertThat(second.get(5, TimeUnit.SECONDS).getResults(1).getValues(0)).isEqualTo(i32(34));
    Awaitility.await().atMost(Duration.ofSeconds(1)).until(admission::inFlight, n -> n == 0);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(this::present);
  }

  @Test
  void aReadItsClientGaveUpOnGivesItsPlaceBackBeforeTheStoreAnswers() {
    REDIS.commands().clientPause(PAUSE_MILLIS);
    long start = System.nanoTime();
    StatusRuntimeException expired =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> api.grpc().withDeadlineAfter(100, TimeUnit.MILLISECONDS).getOnlineFeatures(READ));

    assertThat(expired.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    Awaitility.await().atMost(Duration.ofSeconds(1)).until(admission::inFlight, n -> n == 0);
    assertThat((System.nanoTime() - start) / 1_000_000)
        .as("ms until the place came back, well before the 1 s store deadline")
        .isLessThan(900);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(this::present);
  }

  /** The server's own time of the shed read of an API, from its request timer. */
  private double shedServerMillis(String api) {
    return meters
        .get("larder.serving.request")
        .tag("api", api)
        .tag("outcome", "resource_exhausted")
        .timer()
        .max(TimeUnit.MILLISECONDS);
  }

  private boolean present() {
    return api.grpc().getOnlineFeatures(READ).getResults(1).getStatuses(0) == FieldStatus.PRESENT;
  }
}
