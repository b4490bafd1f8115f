package dev.larder.server.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidRowsException;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Value read(String json, ValueType type) throws Exception {
    return JsonValues.toValue(JSON.readTree(json), type, "rows.x[0]", InvalidRowsException::new);
  }

  private static JsonNode reparsed(Value v) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(JsonValues.toJson(v)));
  }

  @Test
  void everyTypeRoundTripsThroughJson() throws Exception {
    List<Object[]> cases =
        List.of(
            new Object[] {"true", ValueType.BOOL},
            new Object[] {"-7", ValueType.INT32},
            new Object[] {"9007199254740993", ValueType.INT64},
            new Object[] {"0.25", ValueType.FLOAT},
            new Object[] {"-1.5E300", ValueType.DOUBLE},
            new Object[] {"\"a:b\\u00e9\"", ValueType.STRING},
            new Object[] {"\"AAEC/w==\"", ValueType.BYTES},
            new Object[] {"\"2026-11-23T12:00:00.250001Z\"", ValueType.TIMESTAMP},
            new Object[] {"[1, -2]", ValueType.INT32_LIST},
            new Object[] {"[3000000000]", ValueType.INT64_LIST},
            new Object[] {"[0.5, 1.0]", ValueType.FLOAT_LIST},
            new Object[] {"[]", ValueType.DOUBLE_LIST},
            new Object[] {"[\"x\", \"\"]", ValueType.STRING_LIST},
            new Object[] {"null", ValueType.DOUBLE});
    for (Object[] c : cases) {
      String json = (String) c[0];
      Value v = read(json, (ValueType) c[1]);
      assertThat(reparsed(v)).as(json).isEqualTo(JSON.readTree(json));
      assertThat(read(JSON.writeValueAsString(JsonValues.toJson(v)), (ValueType) c[1]))
          .as(json)
          .isEqualTo(v);
    }
  }

  @Test
  void offsetsAreNormalisedToUtcAndNaiveTimestampsAreUtc() throws Exception {
    Value withOffset = read("\"2026-11-23T14:00:00+02:00\"", ValueType.TIMESTAMP);
    Value naive = read("\"2026-11-23T12:00:00\"", ValueType.TIMESTAMP);
    long expected = Instant.parse("2026-11-23T12:00:00Z").getEpochSecond() * 1_000_000L;
    assertThat(withOffset.getTimestampMicrosVal()).isEqualTo(expected);
    assertThat(naive.getTimestampMicrosVal()).isEqualTo(expected);
    assertThat(reparsed(withOffset).asText()).isEqualTo("2026-11-23T12:00:00Z");
  }

  @Property
  void timestampsRoundTripToTheMicrosecond(
      @ForAll @LongRange(min = -62_135_596_800_000_000L, max = 253_402_300_799_999_999L)
          long micros) {
    String text = JsonValues.formatMicros(micros);
    assertThat(JsonValues.timestampMicros(text, "t", InvalidRowsException::new)).isEqualTo(micros);
  }

  @Test
  void mistypedValuesNameTheFieldAndBothTypes() {
    assertThatThrownBy(() -> read("\"12\"", ValueType.INT64))
        .isInstanceOf(InvalidRowsException.class)
        .hasMessage("rows.x[0]: expected INT64, got JSON string \"12\"");
    assertThatThrownBy(() -> read("1.5", ValueType.INT32))
        .hasMessageStartingWith("rows.x[0]: expected INT32");
    assertThatThrownBy(() -> read("3000000000", ValueType.INT32))
        .hasMessageStartingWith("rows.x[0]: expected INT32");
    assertThatThrownBy(() -> read("[1, null]", ValueType.INT64_LIST))
        .hasMessage("rows.x[0][1]: lists cannot hold null");
    assertThatThrownBy(() -> read("\"not base64!\"", ValueType.BYTES))
        .hasMessageStartingWith("rows.x[0]: BYTES are base64 strings");
    assertThatThrownBy(() -> read("\"yesterday\"", ValueType.TIMESTAMP))
        .hasMessageContaining("'yesterday' is not an RFC 3339 timestamp");
  }
}
