package dev.larder.pipelines.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.pipelines.testing.FlinkMiniCluster;
import dev.larder.pipelines.transform.AggregationOracle;
import dev.larder.pipelines.transform.EntityKeys;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.testing.DeltaKernelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running a backfill twice, retrying one run's commit, or killing a run between writing its files
 * and committing them, then running again, leaves exactly one clean run's rows.
 */
class BackfillIdempotenceIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final Instant START = Instant.ofEpochSecond(0);
  private static final Instant END = Instant.ofEpochSecond(2 * 86_400); // two daily partitions

  private final FeatureView view =
      EventSets.view(
          List.of(
              new Feature(
                  "count_1h",
                  ValueType.INT64,
                  null,
                  new Aggregation(AggregationFunction.COUNT, null, Duration.ofHours(1)),
                  null,
                  null),
              new Feature(
                  "sum_amount",
                  ValueType.DOUBLE,
                  null,
                  new Aggregation(AggregationFunction.SUM, "amount", null),
                  null,
                  null)));

  @TempDir Path dir;

  @Test
  void runningTheSameBackfillTwiceLeavesOneRunsRows() throws Exception {
    Path input = dir.resolve("events.jsonl");
    List<Event> events = events(200, 1.0);
    Backfills.writeJsonLines(input, events);

    BackfillResult first = run(request(input, "run-1", Map.of()));
    List<OfflineRow> afterFirst = Backfills.tableRows(request(input, "run-1", Map.of()));
    BackfillResult second = run(request(input, "run-2", Map.of()));

    List<OfflineRow> expected = expected(input, events);
    assertThat(afterFirst).isEqualTo(expected);
    assertThat(Backfills.tableRows(request(input, "run-2", Map.of()))).isEqualTo(expected);
    assertThat(first.tableVersion()).isEqualTo(0);
    assertThat(second.tableVersion()).isEqualTo(1);
    assertThat(second.rowsWritten()).isEqualTo(expected.size());
    String table = dir.resolve("offline/test/stats/v1").toString();
    assertThat(DeltaKernelReader.version(table)).as("an independent reader").isEqualTo(1);
    assertThat(
            DeltaKernelReader.readAll(table).stream()
                .map(
                    r ->
                        r.get("customer_id")
                            + "@"
                            + r.get("event_timestamp")
                            + "="
                            + r.get("count_1h"))
                .sorted()
                .toList())
        .isEqualTo(expected.stream().map(Backfills::firstKeyTimeAndCount).sorted().toList());
  }

  @Test
  void retryingARunsCommitChangesNothing() throws Exception {
    Path input = dir.resolve("events.jsonl");
    Backfills.writeJsonLines(input, events(50, 1.0));
    run(request(input, "run-1", Map.of()));

    BackfillResult retry = run(request(input, "run-1", Map.of()));

    assertThat(retry.tableVersion()).as("same run id: the commit is a no-op").isEqualTo(0);
  }

  @Test
  void aRunKilledBeforeItsCommitThenRerunLeavesOneCleanRunsRows() throws Exception {
    Path oldInput = dir.resolve("old/events.jsonl");
    Backfills.writeJsonLines(oldInput, events(120, 1.0));
    run(request(oldInput, "run-1", Map.of()));
    List<OfflineRow> before = Backfills.tableRows(request(oldInput, "run-1", Map.of()));
    long filesBefore = dataFiles();

    Path input = dir.resolve("new/events.jsonl");
    List<Event> events = events(150, 2.5);
    Backfills.writeJsonLines(input, events);
    Map<String, String> crash =
        Map.of("delta.logStore.file.impl", CrashBeforeCommitLogStore.class.getName());
    assertThatThrownBy(() -> run(request(input, "run-2", crash)))
        .isInstanceOf(BackfillFailedException.class)
        .hasMessageContaining("killed before commit");
    assertThat(dataFiles()).as("the killed run wrote its files").isGreaterThan(filesBefore);
    assertThat(Backfills.tableRows(request(input, "run-2", Map.of())))
        .as("but the table still holds the first run")
        .isEqualTo(before);

    BackfillResult rerun = run(request(input, "run-3", Map.of()));

    assertThat(Backfills.tableRows(request(input, "run-3", Map.of())))
        .isEqualTo(expected(input, events));
    assertThat(rerun.tableVersion()).isEqualTo(1);
  }

  @Test
  void writesOneFilePerDailyPartitionAndTaskHoweverTheEntitiesSpreadOverDays() throws Exception {
    int days = 40;
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String customer = "c" + (i % 5);
      long micros = (i / 5 % days) * 86_400_000_000L + i * 1_000_000L;
      List<Object> cols = Arrays.asList("o" + i, customer, 1.0, (long) i, "t", micros);
      events.add(new Event(EntityKeys.encode(List.of(customer)), micros, "o" + i, cols, "", i + 1));
    }
    Path input = dir.resolve("days/events.jsonl");
    Backfills.writeJsonLines(input, events);

    BackfillResult result =
        run(
            Backfills.request(
                view,
                EventSets.source(true),
                input,
                START,
                START.plus(Duration.ofDays(days)),
                dir.resolve("offline"),
                "run-days",
                Map.of()));

    int tasks = StreamExecutionEnvironment.getExecutionEnvironment().getParallelism();
    assertThat(result.rowsWritten()).isEqualTo(events.size());
    assertThat(dataFiles()).isBetween((long) days, (long) days * tasks);
  }

  private BackfillResult run(BackfillRequest request) {
    return BackfillJob.run(request, StreamExecutionEnvironment.getExecutionEnvironment());
  }

  private BackfillRequest request(Path input, String runId, Map<String, String> hadoop) {
    return Backfills.request(
        view, EventSets.source(true), input, START, END, dir.resolve("offline"), runId, hadoop);
  }

  private List<OfflineRow> expected(Path input, List<Event> events) {
    long start = START.getEpochSecond() * 1_000_000L;
    long end = END.getEpochSecond() * 1_000_000L;
    return Backfills.offline(
        view, AggregationOracle.rows(view, Backfills.asRead(input, events), start, end));
  }

  private long dataFiles() throws IOException {
    try (Stream<Path> s = Files.walk(dir.resolve("offline"))) {
      return s.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  /** {@code n} events of three customers spread over two days, amounts scaled by {@code scale}. */
  private static List<Event> events(int n, double scale) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String customer = "c" + (i % 3);
      long micros = (i * 1_234L % 172_800L) * 1_000_000L;
      List<Object> cols =
          Arrays.asList("o" + i, customer, (i % 7) * scale, (long) i, "t" + (i % 2), micros);
      out.add(new Event(EntityKeys.encode(List.of(customer)), micros, "o" + i, cols, "", i + 1));
    }
    return out;
  }
}
