package dev.larder.pipelines.stream;

import static org.awaitility.Awaitility.await;

import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
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

  private static final String TOPIC = "crash";

  /** Records sent at a time; the producer keeps at most two blocks ahead of the job. */
  private static final int BLOCK = 500;

  /** How often the test looks at the job's committed offsets. */
  private static final Duration POLL = Duration.ofMillis(50);

  @TempDir Path dir;

  @Test
  void killedAndRestartedJobWritesEveryRowExactlyOnce() throws Exception {
    Random random = new Random(7);
    StreamScenario scenario = new StreamScenario(KAFKA, REDIS, dir, TOPIC, random, 6000, 20);
    List<String> records = scenario.records();
    Path checkpoints = scenario.checkpoints();
    StreamRequest request = scenario.request(false);
    String group = request.consumerGroup();
    BackfillResult batch;
    JobClient last;
    try (Admin admin = KAFKA.admin()) {
      LongSupplier consumed = () -> KafkaBrokerExtension.committedOffsets(admin, group);
      CompletableFuture<Void> producing =
          CompletableFuture.runAsync(() -> produceOnDemand(records, new Random(8), consumed));

      for (int kill = 0; kill < 3; kill++) {
        Optional<Path> before = StreamCheckpoints.newest(checkpoints);
        JobClient job = StreamFixtures.start(request, checkpoints);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> !StreamCheckpoints.newest(checkpoints).equals(before));
        // A random number of further records committed after the first new checkpoint: the job
        // dies mid-interval, mid-commit or mid-write.
        long killAt = consumed.getAsLong() + 1 + random.nextInt(BLOCK);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(POLL)
            .until(() -> consumed.getAsLong() >= killAt);
        job.cancel().get(30, TimeUnit.SECONDS);
      }
      // Before the last start: the test cluster's two slots are the streaming job's while it runs.
      batch = scenario.backfill();
      last = StreamFixtures.start(request, checkpoints);
      producing.get(120, TimeUnit.SECONDS);
    }
    // A restored source keeps running unbounded: the last start runs until every row is in Delta.
    // Events of another customer, later than everything by more than the watermark's delay, push
    // the watermark past the last order.
    List<String> flush = StreamFixtures.watermarkFlush(records);
    try (KafkaProducer<String, String> producer = KAFKA.producer()) {
      for (int partition = 0; partition < StreamScenario.PARTITIONS; partition++) {
        producer.send(new ProducerRecord<>(TOPIC, partition, null, flush.get(partition)));
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> scenario.streamRows().size() >= batch.rowsWritten());
    last.cancel().get(30, TimeUnit.SECONDS);

    scenario.assertStreamMatches(batch);
  }

  /**
   * Sends the records to random partitions in blocks of {@link #BLOCK}, each block once the job has
   * consumed all blocks sent before the previous one: events keep flowing while a job runs and wait
   * while none does, whatever the machine's speed.
   *
   * @param consumed how many records the job has committed
   */
  private static void produceOnDemand(List<String> records, Random random, LongSupplier consumed) {
    try (KafkaProducer<String, String> producer = KAFKA.producer()) {
      for (int from = 0; from < records.size(); from += BLOCK) {
        long previousBlocks = from - BLOCK;
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(POLL)
            .until(() -> consumed.getAsLong() >= previousBlocks);
        for (String json : records.subList(from, Math.min(from + BLOCK, records.size()))) {
          producer.send(
              new ProducerRecord<>(TOPIC, random.nextInt(StreamScenario.PARTITIONS), null, json));
        }
        producer.flush();
      }
    }
  }
}
