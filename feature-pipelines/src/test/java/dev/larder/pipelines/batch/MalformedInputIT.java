package dev.larder.pipelines.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed input never fails the job: every bad record is in the dead-letter file with its reason,
 * file and line; good + bad = records read; duplicates are dropped and counted.
 */
class MalformedInputIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private final FeatureView view = EventSets.view(List.of(EventSets.count("n")));

  @TempDir Path dir;

  @Test
  void badJsonLinesGoToTheDeadLetterFileWithTheirReasons() throws Exception {
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    Files.write(
        input.resolve("a.jsonl"),
        List.of(
            "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"event_time\":\"1970-01-01T00:00:01Z\"}",
            "{not json",
            "{\"order_id\":\"o2\",\"customer_id\":\"c1\",\"amount\":\"abc\",\"event_time\":\"1970-01-01T00:00:02Z\"}",
            "{\"order_id\":\"o3\",\"customer_id\":\"c1\"}",
            "",
            "{\"order_id\":\"o4\",\"event_time\":\"1970-01-01T00:00:03Z\"}",
            "[1,2]",
            "{\"order_id\":\"o1\",\"customer_id\":\"c2\",\"event_time\":\"1970-01-01T00:00:04Z\"}",
            "{\"order_id\":\"o5\",\"customer_id\":\"c1\",\"event_time\":\"1970-01-01T00:00:05Z\"}"));
    Files.write(
        input.resolve("b.jsonl"),
        List.of(
            "{\"customer_id\":\"c1\",\"event_time\":\"1970-01-01T00:00:06Z\"}",
            "{\"order_id\":\"o6\",\"customer_id\":\"c1\",\"event_time\":\"yesterday\"}"));
    BackfillRequest request = request(input);

    BackfillResult result =
        BackfillJob.run(request, StreamExecutionEnvironment.getExecutionEnvironment());

    assertThat(result.eventsRead()).isEqualTo(10);
    assertThat(result.good()).isEqualTo(3);
    assertThat(result.bad()).isEqualTo(7);
    assertThat(result.good() + result.bad()).isEqualTo(result.eventsRead());
    assertThat(result.duplicates()).as("o1 again, for c2").isEqualTo(1);
    assertThat(result.rowsWritten()).isEqualTo(2);
    assertThat(result.deadLetterFile()).contains(request.deadLetterFile());
    List<JsonObject> dead =
        Files.readAllLines(Path.of(request.deadLetterFile())).stream()
            .map(l -> JsonParser.parseString(l).getAsJsonObject())
            .toList();
    assertThat(dead)
        .extracting(
            o ->
                Path.of(o.get("file").getAsString()).getFileName()
                    + ":"
                    + o.get("line").getAsLong()
                    + " "
                    + o.get("reason").getAsString())
        .containsExactlyInAnyOrder(
            "a.jsonl:2 not valid JSON: Expected ':' at line 1 column 7 path $.not",
            "a.jsonl:3 field amount: expected DOUBLE, got 'abc'",
            "a.jsonl:4 missing timestamp field event_time",
            "a.jsonl:6 missing join key customer_id",
            "a.jsonl:7 not a JSON object",
            "b.jsonl:1 missing id field order_id",
            "b.jsonl:2 field event_time: expected TIMESTAMP, got 'yesterday'");
    assertThat(dead).allSatisfy(o -> assertThat(o.get("raw").getAsString()).isNotEmpty());
    List<OfflineRow> rows = Backfills.tableRows(request);
    assertThat(rows)
        .extracting(Backfills::firstKeyTimeAndCount)
        .containsExactly("c1@1000000=1", "c1@5000000=2");
  }

  @Test
  void badCsvLinesGoToTheDeadLetterFile() throws Exception {
    Path input = dir.resolve("orders.csv");
    Files.write(
        input,
        List.of(
            "order_id,customer_id,amount,items,tag,event_time",
            "o1,c1,1.5,2,x,1970-01-01T00:00:01Z",
            "o2,c1,1.5,2,x",
            "o3,\"c1,1.5,2,x,1970-01-01T00:00:02Z",
            "o4,\"c,1\",2.5,3,\"say \"\"hi\"\"\",1970-01-01T00:00:03Z",
            "o5,c1,,notanint,x,1970-01-01T00:00:04Z"));
    BackfillRequest request = request(input);

    BackfillResult result =
        BackfillJob.run(request, StreamExecutionEnvironment.getExecutionEnvironment());

    assertThat(result.eventsRead()).isEqualTo(5);
    assertThat(result.good()).isEqualTo(2);
    assertThat(result.bad()).isEqualTo(3);
    assertThat(Files.readAllLines(Path.of(request.deadLetterFile())))
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).contains("expected 6 fields, got 5"))
        .anySatisfy(l -> assertThat(l).contains("unclosed quote"))
        .anySatisfy(l -> assertThat(l).contains("field items: expected INT64, got 'notanint'"));
    assertThat(Backfills.tableRows(request))
        .extracting(r -> r.entity().get(0).getStringVal())
        .containsExactly("c,1", "c1");
  }

  private BackfillRequest request(Path input) {
    return Backfills.request(
        view,
        EventSets.source(true),
        input,
        Instant.EPOCH,
        Instant.ofEpochSecond(60),
        dir.resolve("offline"),
        "run-1");
  }
}
