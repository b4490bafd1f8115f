package dev.larder.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.testing.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The set-up of a test that runs random orders through the streaming job and through the backfill
 * and compares what they wrote: the orders, a topic of {@link #PARTITIONS} partitions, the test
 * view ({@link StreamFixtures#view()}) streaming from it, an empty Redis, and folders under the
 * test's temporary folder for the job's Delta tables, its checkpoints and the backfill's tables.
 */
final class StreamScenario {

  static final int PARTITIONS = 2;

  private final KafkaBrokerExtension kafka;
  private final RedisServerExtension redis;
  private final Path dir;
  private final String topic;
  private final int customers;
  private final List<String> records;
  private final FeatureView view = StreamFixtures.view();
  private final Source source;

  /**
   * Creates the topic and empties Redis.
   *
   * @param random draws the orders ({@link StreamFixtures#orders})
   * @param dir the test's temporary folder
   */
  StreamScenario(
      KafkaBrokerExtension kafka,
      RedisServerExtension redis,
      Path dir,
      String topic,
      Random random,
      int orders,
      int customers) {
    this.kafka = kafka;
    this.redis = redis;
    this.dir = dir;
    this.topic = topic;
    this.customers = customers;
    this.records = StreamFixtures.orders(random, orders, customers);
    this.source = StreamFixtures.source(topic);
    kafka.createTopic(topic, PARTITIONS);
    redis.flushAll();
  }

  /** The orders as JSON, in arrival order, duplicates included. */
  List<String> records() {
    return records;
  }

  /** A request of the streaming job into this scenario's Delta folder and Redis. */
  StreamRequest request(boolean bounded) {
    return StreamFixtures.request(
        view, source, kafka, dir.resolve("stream"), redis.uri(), topic, bounded);
  }

  /** Where the streaming job keeps its checkpoints. */
  Path checkpoints() {
    return dir.resolve("checkpoints");
  }

  /** Sends every order to a random partition of the topic. */
  void produceAll(Random random) throws Exception {
    StreamFixtures.produce(kafka, topic, PARTITIONS, records, random);
  }

  /** Backfills the orders into a Delta folder of its own. */
  BackfillResult backfill() throws IOException {
    return StreamFixtures.backfill(view, source, records, dir.resolve("batch"));
  }

  /** The streaming job's Delta rows ({@link StreamFixtures#deltaRows}). */
  List<String> streamRows() {
    return StreamFixtures.deltaRows(view, dir.resolve("stream"));
  }

  /**
   * Asserts that the streaming job wrote to Delta exactly the backfill's rows, and that Redis holds
   * the backfill's newest row of every customer.
   */
  void assertStreamMatches(BackfillResult batch) throws Exception {
    List<String> streamRows = streamRows();
    assertThat(streamRows).hasSize((int) batch.rowsWritten());
    assertThat(streamRows).isEqualTo(StreamFixtures.deltaRows(view, dir.resolve("batch")));
    assertThat(StreamFixtures.redisRows(view, redis.uri(), StreamFixtures.customers(customers)))
        .isEqualTo(StreamFixtures.newestRows(view, dir.resolve("batch")))
        .hasSize(customers);
  }
}
