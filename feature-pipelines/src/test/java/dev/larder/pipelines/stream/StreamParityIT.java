package dev.larder.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same events, out of order and with duplicates, through the streaming job and through the
 * backfill give the same Delta rows, value for value, and Redis holds the backfill's newest row of
 * every entity.
 */
class StreamParityIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;

  @Test
  void streamAndBackfillGiveTheSameRows() throws Exception {
    Random random = new Random(42);
    int customers = 25;
    List<String> records = StreamFixtures.orders(random, 3000, customers);
    KAFKA.createTopic("parity", 2);
    StreamFixtures.produce(KAFKA, "parity", 2, records, random);
    FeatureView view = StreamFixtures.view();
    Source source = StreamFixtures.source("parity");
    REDIS.flushAll();

    JobExecutionResult stream =
        StreamFixtures.runToEnd(
            StreamFixtures.request(
                view, source, KAFKA, dir.resolve("stream"), REDIS.uri(), "parity", true),
            dir.resolve("checkpoints"));
    BackfillResult batch = StreamFixtures.backfill(view, source, records, dir.resolve("batch"));

    assertThat(StreamFixtures.count(stream, PipelineCounters.READ)).isEqualTo(records.size());
    assertThat(StreamFixtures.count(stream, PipelineCounters.LATE)).isZero();
    assertThat(StreamFixtures.count(stream, PipelineCounters.DUPLICATES))
        .isEqualTo(batch.duplicates())
        .isPositive();
    List<String> streamRows = StreamFixtures.deltaRows(view, dir.resolve("stream"));
    assertThat(streamRows).hasSize((int) batch.rowsWritten());
    assertThat(streamRows).isEqualTo(StreamFixtures.deltaRows(view, dir.resolve("batch")));
    assertThat(StreamFixtures.redisRows(view, REDIS.uri(), StreamFixtures.customers(customers)))
        .isEqualTo(StreamFixtures.newestRows(view, dir.resolve("batch")))
        .hasSize(customers);
  }
}
