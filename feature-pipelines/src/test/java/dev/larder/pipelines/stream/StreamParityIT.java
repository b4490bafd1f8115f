package dev.larder.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
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
    StreamScenario scenario = new StreamScenario(KAFKA, REDIS, dir, "parity", random, 3000, 25);
    scenario.produceAll(random);

    JobExecutionResult stream =
        StreamFixtures.runToEnd(scenario.request(true), scenario.checkpoints());
    BackfillResult batch = scenario.backfill();

    assertThat(StreamFixtures.count(stream, PipelineCounters.READ))
        .isEqualTo(scenario.records().size());
    assertThat(StreamFixtures.count(stream, PipelineCounters.LATE)).isZero();
    assertThat(StreamFixtures.count(stream, PipelineCounters.DUPLICATES))
        .isEqualTo(batch.duplicates())
        .isPositive();
    scenario.assertStreamMatches(batch);
  }
}
