package dev.larder.server.api;

import static dev.larder.server.ServingTestSupport.i32;
import static dev.larder.server.ServingTestSupport.i64;
import static dev.larder.server.ServingTestSupport.push;
import static dev.larder.server.ServingTestSupport.read;
import static dev.larder.server.ServingTestSupport.str;
import static dev.larder.server.ServingTestSupport.strs;
import static dev.larder.server.ServingTestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.Value;
import dev.larder.server.ServingTestSupport;
import dev.larder.server.TestRegistry;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.TestPropertySource;

/**
 * A running server follows applies to its registry: new definitions are served within seconds, with
 * no failed request while they are swapped in, and a new version of a view is served beside the old
 * one from keys of its own.
 */
@TestPropertySource(properties = "larder.registry.poll-interval=200ms")
class DefinitionsReloadIT extends ServerIT {

  /** The bound on how soon an apply is served. */
  static final Duration SERVED_WITHIN = Duration.ofSeconds(5);

  @TempDir Path dir;
  ServingTestSupport api;

  @BeforeEach
  void setUp() {
    api = new ServingTestSupport(grpcServer.port(), httpPort);
    Map<String, List<Value>> rows = new LinkedHashMap<>();
    rows.put("user_id", strs("u1"));
    rows.put("event_timestamp", List.of(ts(Instant.now())));
    rows.put("age", List.of(i32(34)));
    assertThat(api.grpc().pushFeatures(push("shop", "user_profile@v1", rows)).getRowsWritten())
        .isEqualTo(1);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  private Path folder(String name, String yaml) throws IOException {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("defs.yaml"), yaml);
    return folder;
  }

  private static FeatureVector column(GetOnlineFeaturesResponse r, String name) {
    return r.getResults(r.getMetadata().getFeatureNamesList().indexOf(name));
  }

  private static Map<String, List<Value>> user(String id) {
    return Map.of("user_id", strs(id));
  }

  @Test
  void anApplyIsServedWithinSecondsWhileRequestsKeepSucceeding() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong answered = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    GetOnlineFeaturesResponse r =
                        api.grpc()
                            .getOnlineFeatures(
                                read("shop", List.of("user_profile@v1:age"), user("u1")));
                    FeatureVector age = column(r, "age");
                    if (age.getStatuses(0) == FieldStatus.PRESENT
                        && age.getValues(0).equals(i32(34))) {
                      answered.incrementAndGet();
                    } else {
                      failures.add(r.toString());
                    }
                  } catch (StatusRuntimeException e) {
                    failures.add(e.getStatus().toString());
                  }
                }
              },
              "load-" + t);
      thread.start();
      load.add(thread);
    }
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(answered.get())
                      .as("first failure: %s", failures.peek())
                      .isGreaterThan(200));

      TestRegistry.apply(registryUrl(), TestRegistry.ACTIVITY);
      long applied = System.nanoTime();
      await()
          .atMost(SERVED_WITHIN)
          .pollInterval(Duration.ofMillis(20))
          .ignoreException(StatusRuntimeException.class)
          .untilAsserted(
              () -> {
                GetOnlineFeaturesResponse r =
                    api.grpc()
                        .getOnlineFeatures(
                            read("shop", List.of("user_activity:clicks_1h"), user("u1")));
                assertThat(column(r, "clicks_1h").getStatuses(0)).isEqualTo(FieldStatus.DEFAULTED);
              });
      Duration servedAfter = Duration.ofNanos(System.nanoTime() - applied);
      long atSwap = answered.get();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(answered.get())
                      .as("first failure: %s", failures.peek())
                      .isGreaterThan(atSwap + 200));

      assertThat(servedAfter).isLessThan(SERVED_WITHIN);
      System.out.printf(
          "new definitions served %d ms after the apply; %d requests answered, %d failed%n",
          servedAfter.toMillis(), answered.get(), failures.size());
    } finally {
      running.set(false);
      for (Thread t : load) {
        t.join();
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aNewVersionIsServedBesideTheOldOneFromItsOwnKeys() throws Exception {
    TestRegistry.apply(
        registryUrl(),
        folder(
            "v2",
            """
            project: shop
            entities:
              - name: user
                join_keys: [{name: user_id, type: STRING}]
            feature_views:
              - name: user_profile
                version: 2
                entities: [user]
                ttl: 1h
                features: [{name: age, type: INT64}, {name: tier, type: STRING}]
            """));
    await()
        .atMost(SERVED_WITHIN)
        .ignoreException(StatusRuntimeException.class)
        .until(
            () ->
                api.grpc()
                        .getOnlineFeatures(
                            read("shop", List.of("user_profile@v2:tier"), user("u1")))
                        .getResultsCount()
                    == 2);
    Map<String, List<Value>> v2 = new LinkedHashMap<>();
    v2.put("user_id", strs("u1"));
    v2.put("event_timestamp", List.of(ts(Instant.now())));
    v2.put("age", List.of(i64(35)));
    v2.put("tier", List.of(str("gold")));
    assertThat(api.grpc().pushFeatures(push("shop", "user_profile@v2", v2)).getRowsWritten())
        .isEqualTo(1);

    GetOnlineFeaturesResponse r =
        api.grpc()
            .getOnlineFeatures(
                read(
                        "shop",
                        List.of("user_profile@v1:age", "user_profile@v2:age", "user_profile:tier"),
                        user("u1"))
                    .toBuilder()
                    .setFullFeatureNames(true)
                    .build());

    assertThat(r.getMetadata().getFeatureNamesList())
        .containsExactly(
            "user_id", "user_profile@v1__age", "user_profile@v2__age", "user_profile@v2__tier");
    assertThat(r.getResultsList().subList(1, 4))
        .extracting(v -> v.getValues(0))
        .containsExactly(i32(34), i64(35), str("gold"));
    assertThat(r.getResultsList().subList(1, 4))
        .extracting(v -> v.getStatuses(0))
        .containsOnly(FieldStatus.PRESENT);
    assertThat(REDIS.commands().keys("shop:user_profile:*"))
        .anySatisfy(k -> assertThat(k).startsWith("shop:user_profile:v1:"))
        .anySatisfy(k -> assertThat(k).startsWith("shop:user_profile:v2:"));
  }
}
