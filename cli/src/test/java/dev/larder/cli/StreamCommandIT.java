package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.ReadFilter;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder stream} as a user runs it: its own process in its own working directory, against a
 * real Kafka broker, Redis and Delta tables; killed, then run again, resuming from its checkpoint.
 */
class StreamCommandIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration STARTUP = Duration.ofMinutes(3);

  @TempDir Path dir;
  private Process running;

  @AfterEach
  void stop() throws InterruptedException {
    if (running != null) {
      running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void streamsEventsToRedisAndDeltaAndResumesAfterBeingKilled() throws Exception {
    REDIS.flushAll();
    String registryUrl = "jdbc:sqlite:" + dir.resolve("registry.db");
    FeatureView view = ShopRegistry.apply(dir, registryUrl, ShopRegistry.CUSTOMER_ITEMS);
    KAFKA.createTopic("orders", 1);
    produce(
        order("o1", "c1", 3, "2026-11-23T10:00:00Z"),
        order("o2", "c1", 5, "2026-11-23T10:00:01Z"),
        order("o2", "c1", 5, "2026-11-23T10:00:01Z"),
        order("o3", "c2", 7, "2026-11-23T10:00:02Z"),
        // Moves the watermark (5 s out of orderness) past the events above.
        order("o4", "c9", 1, "2026-11-23T10:01:00Z"));

    Path firstLog = dir.resolve("stream-1.log");
    running = stream(registryUrl, firstLog);
    await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(running.isAlive()).as("larder stream is running").isTrue();
              assertThat(ShopRegistry.items(REDIS.uri(), view, "c1")).isEqualTo(5);
              assertThat(ShopRegistry.items(REDIS.uri(), view, "c2")).isEqualTo(7);
              // Delta commits when a checkpoint completes, so a checkpoint exists to resume from.
              assertThat(deltaRows(view)).hasSize(3);
            });
    running.destroy();
    assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(firstLog))
        .contains("Starting from the beginning of the topics")
        .contains("Streaming customer_items@v1 from topic orders (dead letters: orders.dlq");

    Path secondLog = dir.resolve("stream-2.log");
    running = stream(registryUrl, secondLog);
    produce(
        order("o5", "c2", 9, "2026-11-23T10:01:10Z"), order("o6", "c9", 1, "2026-11-23T10:02:00Z"));
    await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(ShopRegistry.items(REDIS.uri(), view, "c2")).isEqualTo(9);
              assertThat(deltaRows(view)).hasSize(5);
            });
    assertThat(Files.readString(secondLog)).contains("Resuming from checkpoint");
    assertThat(deltaRows(view))
        .containsExactlyInAnyOrder(
            "c1 10:00:00 3", "c1 10:00:01 5", "c2 10:00:02 7", "c9 10:01:00 1", "c2 10:01:10 9");
  }

  private Process stream(String registryUrl, Path log) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            LarderCli.class.getName(),
            "stream",
            "customer_items",
            "--kafka-bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--redis-url",
            REDIS.uri(),
            "--registry-url",
            registryUrl,
            "--offline-root",
            "offline",
            "--checkpoint-interval",
            "PT1S",
            "--parallelism",
            "1")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private List<String> deltaRows(FeatureView view) {
    return DeltaOfflineStores.open(
            DeltaOfflineStoreOptions.builder().root(dir.resolve("offline")).build())
        .snapshot(view)
        .read(ReadFilter.all())
        .stream()
        .map(StreamCommandIT::describe)
        .toList();
  }

  private static String describe(OfflineRow row) {
    String time =
        Instant.EPOCH.plus(row.eventTimeMicros(), ChronoUnit.MICROS).toString().substring(11, 19);
    return row.entity().get(0).getStringVal()
        + " "
        + time
        + " "
        + row.values().get(0).getInt32Val();
  }

  private static String order(String id, String customer, int items, String time) {
    return String.format(
        "{\"order_id\":\"%s\",\"customer_id\":\"%s\",\"items\":%d,\"event_time\":\"%s\"}",
        id, customer, items, time);
  }

  private static void produce(String... records) throws Exception {
    try (KafkaProducer<String, String> producer = KAFKA.producer()) {
      for (String json : records) {
        producer.send(new ProducerRecord<>("orders", 0, null, json)).get(30, TimeUnit.SECONDS);
      }
    }
  }
}
