package dev.larder.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job is cancelled at random points while events flow, and started again from its
 * newest checkpoint, several times; afterwards Delta holds every event's rows exactly once (the
 * backfill's rows, no more, no fewer) and Redis holds the backfill's newest rows.
 */
class StreamCrashIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;

  @Test
  void killedAndRestartedJobWritesEveryRowExactlyOnce() throws Exception {
    Random random = new Random(7);
    int customers = 20;
    List<String> records = StreamFixtures.orders(random, 6000, customers);
    KAFKA.createTopic("crash", 2);
    FeatureView view = StreamFixtures.view();
    Source source = StreamFixtures.source("crash");
    REDIS.flushAll();
    Path checkpoints = dir.resolve("checkpoints");
    Path offline = dir.resolve("stream");
    CompletableFuture<Void> producing =
        CompletableFuture.runAsync(() -> produceSlowly(records, new Random(8)));

    for (int kill = 0; kill < 3; kill++) {
      Optional<Path> before = StreamCheckpoints.newest(checkpoints);
      JobClient job =
          StreamFixtures.start(
              StreamFixtures.request(view, source, KAFKA, offline, REDIS.uri(), "crash", false),
              checkpoints);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !StreamCheckpoints.newest(checkpoints).equals(before));
      // A random point after the first new checkpoint: mid-interval, mid-commit or mid-write.
      Thread.sleep(random.nextInt(700));
      job.cancel().get(30, TimeUnit.SECONDS);
    }
    producing.get(60, TimeUnit.SECONDS);
    // Before the last start: the test cluster's two slots are the streaming job's while it runs.
    BackfillResult batch = StreamFixtures.backfill(view, source, records, dir.resolve("batch"));
    // A restored source keeps running unbounded: the last start runs until every row is in Delta.
    // Events of another customer, later than everything by more than the watermark's delay, push
    // the watermark past the last order.
    JobClient last =
        StreamFixtures.start(
            StreamFixtures.request(view, source, KAFKA, offline, REDIS.uri(), "crash", false),
            checkpoints);
    List<String> flush = StreamFixtures.watermarkFlush(records);
    try (KafkaProducer<String, String> producer = KAFKA.producer()) {
      for (int partition = 0; partition < 2; partition++) {
        producer.send(new ProducerRecord<>("crash", partition, null, flush.get(partition)));
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> StreamFixtures.deltaRows(view, offline).size() >= batch.rowsWritten());
    last.cancel().get(30, TimeUnit.SECONDS);

    List<String> streamRows = StreamFixtures.deltaRows(view, offline);
    assertThat(streamRows).hasSize((int) batch.rowsWritten());
    assertThat(streamRows).isEqualTo(StreamFixtures.deltaRows(view, dir.resolve("batch")));
    assertThat(StreamFixtures.redisRows(view, REDIS.uri(), StreamFixtures.customers(customers)))
        .isEqualTo(StreamFixtures.newestRows(view, dir.resolve("batch")));
  }

  /** Sends the records over about six seconds, in bursts, to random partitions. */
  private static void produceSlowly(List<String> records, Random random) {
    try (KafkaProducer<String, String> producer = KAFKA.producer()) {
      for (int i = 0; i < records.size(); i++) {
        producer.send(new ProducerRecord<>("crash", random.nextInt(2), null, records.get(i)));
        if (i % 100 == 99) {
          producer.flush();
          Thread.sleep(100);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
