package dev.larder.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.larder.pipelines.PipelineCounters;
import dev.larder.pipelines.batch.BackfillResult;
import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.testing.KafkaBrokerExtension;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.pipelines.transform.LateEvents;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Source;
import dev.larder.testing.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed records go to the dead-letter topic with their reason and offset and never stop the
 * job; good + bad + dropped duplicates + late = produced; late events land in the late-events table
 * and the next backfill folds them in.
 */
class StreamMalformedIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;

  @Test
  void everyRecordIsCountedOnceAndBadOnesAreDeadLettered() throws Exception {
    List<String> records = new ArrayList<>();
    List<String> onTime = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      onTime.add(order("o" + s, "c" + (s % 3), s));
    }
    records.addAll(onTime.subList(0, 10));
    records.add("{not json"); // offset 10
    records.add(order("o3", "c0", 3)); // duplicate of o3
    records.add(
        "{\"order_id\":\"x1\",\"customer_id\":\"c1\",\"amount\":\"abc\","
            + "\"event_time\":\"2026-11-23T00:00:05Z\"}"); // offset 12
    records.add("{\"order_id\":\"x2\",\"event_time\":\"2026-11-23T00:00:05Z\"}"); // offset 13
    records.add("[1,2]"); // offset 14
    records.addAll(onTime.subList(10, 20));
    String late1 = order("late1", "c1", 2);
    String late2 = order("late2", "c2", 4);
    List<String> afterWatermark =
        List.of(late1, late2, "{\"order_id\":\"x3\",\"customer_id\":\"c1\"}"); // offset 27
    KAFKA.createTopic("malformed", 1);
    FeatureView view = EventSets.view(List.of(EventSets.count("n")));
    Source source = StreamFixtures.source("malformed");
    Path offline = dir.resolve("offline");
    JobClient job =
        StreamFixtures.start(
            StreamFixtures.request(
                view,
                source,
                KAFKA,
                offline,
                REDIS.uri(),
                "malformed",
                false,
                Duration.ofSeconds(1)),
            dir.resolve("checkpoints"));
    StreamFixtures.produce(KAFKA, "malformed", 1, records, new Random(1));
    // Rows at 15 s are out only once the watermark has passed 15 s: later events before it are
    // late.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                counter(job, PipelineCounters.NEWEST_ROW_MICROS)
                    >= StreamFixtures.BASE.plusSeconds(15).toEpochMilli() * 1000);
    StreamFixtures.produce(KAFKA, "malformed", 1, afterWatermark, new Random(1));
    int produced = records.size() + afterWatermark.size();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                counter(job, PipelineCounters.READ) == produced
                    && LateEvents.localTable(offline.toString(), view).isPresent());
    Map<String, Object> counts = job.getAccumulators().get(10, TimeUnit.SECONDS);
    job.cancel().get(30, TimeUnit.SECONDS);

    long bad = count(counts, PipelineCounters.BAD);
    long duplicates = count(counts, PipelineCounters.DUPLICATES);
    long late = count(counts, PipelineCounters.LATE);
    long applied = count(counts, PipelineCounters.UNIQUE) - late;
    assertThat(bad).isEqualTo(5);
    assertThat(duplicates).isEqualTo(1);
    assertThat(late).isEqualTo(2);
    assertThat(applied).isEqualTo(20);
    assertThat(applied + bad + duplicates + late).isEqualTo(produced);

    List<String> dead =
        KAFKA.readAll("malformed.dlq").stream()
            .map(r -> JsonParser.parseString(r.value()).getAsJsonObject())
            .map(o -> o.get("offset").getAsLong() + " " + o.get("reason").getAsString())
            .distinct()
            .toList();
    assertThat(dead)
        .containsExactlyInAnyOrder(
            "10 not valid JSON: Expected ':' at line 1 column 7 path $.not",
            "12 field amount: expected DOUBLE, got 'abc'",
            "13 missing join key customer_id",
            "14 not a JSON object",
            "27 missing timestamp field event_time");

    // The next backfill, from a batch source without the late events, folds them in.
    List<String> all = new ArrayList<>(records);
    all.addAll(afterWatermark);
    StreamFixtures.backfill(view, source, all, dir.resolve("batch-all"));
    BackfillResult folded = StreamFixtures.backfill(view, source, onTime, offline);
    assertThat(folded.good()).isEqualTo(22);
    assertThat(StreamFixtures.deltaRows(view, offline))
        .isEqualTo(StreamFixtures.deltaRows(view, dir.resolve("batch-all")))
        .hasSize(22);
  }

  private static long counter(JobClient job, String name) throws Exception {
    return count(job.getAccumulators().get(10, TimeUnit.SECONDS), name);
  }

  private static long count(Map<String, Object> counts, String name) {
    Object v = counts.get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }

  private static String order(String id, String customer, int second) {
    JsonObject o = new JsonObject();
    o.addProperty("order_id", id);
    o.addProperty("customer_id", customer);
    o.addProperty("event_time", StreamFixtures.BASE.plusSeconds(second).toString());
    return o.toString();
  }
}
