package dev.larder.storage.offline.delta;

import static dev.larder.testing.OfflineTables.micros;
import static dev.larder.testing.OfflineTables.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.KeyOrder;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.TimeRange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileStatsTest {

  private static final List<JoinKey> KEYS =
      List.of(new JoinKey("region", ValueType.STRING), new JoinKey("id", ValueType.INT64));

  private static FileStats statsOf(OfflineRow... rows) {
    FileStatsCollector collector = new FileStatsCollector(KEYS.size());
    for (OfflineRow row : rows) {
      collector.add(row);
    }
    return collector.result();
  }

  private static OfflineRow row(String region, long id, String eventTime) {
    return new OfflineRow(
        List.of(str(region), Value.newBuilder().setInt64Val(id).build()),
        micros(eventTime),
        0,
        List.of());
  }

  @Test
  void writesDeltaStatisticsWithMillisecondBoundsThatStillHoldEveryRow() {
    FileStats stats =
        statsOf(
            row("eu", 9_007_199_254_740_993L, "2026-11-22T10:00:00.000500Z"),
            row("us", -3, "2026-11-22T11:00:00.001500Z"));

    assertThat(stats.toJson(KEYS))
        .isEqualTo(
            "{\"numRecords\":2,"
                + "\"minValues\":{\"region\":\"eu\",\"id\":-3,\"event_timestamp\":\"2026-11-22T10:00:00.000Z\"},"
                + "\"maxValues\":{\"region\":\"us\",\"id\":9007199254740993,\"event_timestamp\":\"2026-11-22T11:00:00.002Z\"},"
                + "\"nullCount\":{\"region\":0,\"id\":0,\"event_timestamp\":0}}");
  }

  @Test
  void parsesBackToBoundsThatContainTheOriginalOnes() {
    FileStats written =
        statsOf(
            row("eu", 1, "1969-12-31T23:59:59.999999Z"),
            row("us", 2, "2026-11-22T11:00:00.001500Z"));

    FileStats read = FileStats.parse(written.toJson(KEYS), KEYS);

    assertThat(read.numRecords()).isEqualTo(2);
    assertThat(read.minEventMicros()).isLessThanOrEqualTo(written.minEventMicros());
    assertThat(read.maxEventMicros()).isGreaterThanOrEqualTo(written.maxEventMicros());
    assertThat(read.keyMin()).isEqualTo(written.keyMin());
    assertThat(read.keyMax()).isEqualTo(written.keyMax());
  }

  @Test
  void theLogValueIsTheObjectAsAnEscapedJsonString() {
    String logValue =
        FileStats.toLogValue(statsOf(row("e\"u", 1, "2026-11-22T10:00:00Z")).toJson(KEYS));

    assertThat(logValue).startsWith("\"{\\\"numRecords\\\":1,").endsWith("}\"");
    assertThat(logValue).contains("e\\\\\\\"u");
  }

  @Test
  void rangesAndEntitiesPrune() {
    FileStats stats =
        statsOf(row("b", 5, "2026-11-22T10:00:00Z"), row("d", 9, "2026-11-22T12:00:00Z"));

    assertThat(stats.mayOverlap(range("2026-11-22T12:00:00Z", "2026-11-23T00:00:00Z"))).isTrue();
    assertThat(stats.mayOverlap(range("2026-11-22T12:00:00.000001Z", "2026-11-23T00:00:00Z")))
        .isFalse();
    assertThat(stats.mayOverlap(range("2026-11-22T00:00:00Z", "2026-11-22T10:00:00Z"))).isFalse();
    assertThat(stats.within(range("2026-11-22T10:00:00Z", "2026-11-22T12:00:00.000001Z"))).isTrue();
    assertThat(stats.within(range("2026-11-22T10:00:00Z", "2026-11-22T12:00:00Z"))).isFalse();
    assertThat(stats.mayContainAny(java.util.Set.of(List.of(str("c"), i64(7))))).isTrue();
    assertThat(stats.mayContainAny(java.util.Set.of(List.of(str("e"), i64(7))))).isFalse();
    assertThat(stats.mayContainAny(java.util.Set.of(List.of(str("c"), i64(10))))).isFalse();
  }

  @Test
  void foreignOrMissingStatisticsMeanNoSkipping() {
    assertThat(FileStats.parse(null, KEYS)).isNull();
    assertThat(FileStats.parse("{\"numRecords\":3}", KEYS)).isNull();
    assertThat(FileStats.parse("not json", KEYS)).isNull();
    FileStats spark =
        FileStats.parse(
            "{\"numRecords\":3,\"minValues\":{\"event_timestamp\":\"2026-11-22T10:00:00.000+01:00\"},"
                + "\"maxValues\":{\"event_timestamp\":\"2026-11-22T10:00:00.001Z\"}}",
            KEYS);
    assertThat(spark.minEventMicros()).isEqualTo(micros("2026-11-22T09:00:00Z"));
    assertThat(spark.maxEventMicros()).isEqualTo(micros("2026-11-22T10:00:00.001999Z"));
    assertThat(spark.keyMin()).containsExactly(null, null);
  }

  @Test
  void stringsOrderByCodePointLikeUtf8Bytes() {
    // U+FF5E sorts before U+1F600 in UTF-8, after its surrogate pair in UTF-16.
    assertThat(KeyOrder.compare(str("\uFF5E"), str("\uD83D\uDE00"))).isNegative();
    assertThat(KeyOrder.compare(str("ab"), str("a"))).isPositive();
  }

  private static Value i64(long v) {
    return Value.newBuilder().setInt64Val(v).build();
  }

  private static TimeRange range(String start, String end) {
    return new TimeRange(Instant.parse(start), Instant.parse(end));
  }
}
