package dev.larder.pipelines.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Raw records become typed events, or bad records whose reason names the field. */
class EventParserTest {

  private final EventParser parser =
      new EventParser(ViewProgram.compile(EventSets.view(List.of()), EventSets.source(true)));

  @Test
  void parsesTypedCellsAndNormalisesOffsetsToUtc() {
    Parsed p =
        parser.parse(
            JsonCells.parseObject(
                "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":12.5,\"items\":3,"
                    + "\"tag\":null,\"event_time\":\"2026-11-23T13:00:00.25+01:00\",\"extra\":1}"),
            "raw",
            "f.jsonl",
            7);

    assertThat(p).isInstanceOf(Event.class);
    Event e = (Event) p;
    assertThat(e.columns()).containsExactly("o1", "c1", 12.5, 3L, null, 1_795_435_200_250_000L);
    assertThat(e.eventTimeMicros()).isEqualTo(1_795_435_200_250_000L);
    assertThat(e.id()).isEqualTo("o1");
    assertThat(e.line()).isEqualTo(7);
  }

  @Test
  void badCellsMissingKeysAndMissingTimestampsBecomeBadRecords() {
    assertThat(
            reason(
                Map.of("order_id", "o1", "customer_id", "c1", "amount", "abc", "event_time", "0")))
        .isEqualTo("field amount: expected DOUBLE, got 'abc'");
    assertThat(reason(Map.of("order_id", "o1", "customer_id", "c1")))
        .isEqualTo("missing timestamp field event_time");
    assertThat(reason(Map.of("order_id", "o1", "event_time", "0")))
        .isEqualTo("missing join key customer_id");
    assertThat(reason(Map.of("customer_id", "c1", "event_time", "0")))
        .isEqualTo("missing id field order_id");
    Map<String, Object> nested =
        new HashMap<>(Map.of("order_id", "o1", "customer_id", "c1", "event_time", "0"));
    nested.put("items", List.of("1"));
    assertThat(reason(nested)).isEqualTo("field items: expected INT64, got a list");
  }

  private String reason(Map<String, ?> raw) {
    Parsed p = parser.parse(raw, "raw", "f.csv", 2);
    assertThat(p).isInstanceOf(BadRecord.class);
    return ((BadRecord) p).reason();
  }
}
