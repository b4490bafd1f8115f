package dev.larder.pipelines.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawValuesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-23T00:00:00Z",
        "2026-11-23T23:59:59.9Z",
        "2026-11-23T10:15:30.123Z",
        "2026-11-23T10:15:30.123456Z",
        "2026-11-23T10:15:30.123456789Z",
        "2026-11-23T10:15:30.000001+05:30",
        "2026-11-23T10:15:30-08:00",
        "2026-11-23T10:15:30-00:00",
        "2026-11-23T10:15:30+18:00",
        "2024-02-29T00:00:00Z",
        "1969-12-31T23:59:59.999999Z",
        "0001-01-01T00:00:00Z",
        "2026-11-23t10:15:30z",
        "2026-11-23T10:15Z",
        "2026-11-23T10:15:30.Z",
        "+12026-11-23T10:15:30Z"
      })
  void readsTimestampsAsTheGeneralParserDoes(String text) {
    Instant t = OffsetDateTime.parse(text).toInstant();
    long expected = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;

    assertThat(RawValues.timestampMicros(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-11-23T24:00:00Z",
        "2026-11-23T10:60:00Z",
        "2026-11-23T10:15:60Z",
        "2026-11-23T10:15:30+0530",
        "2026-11-23T10:15:30.1234567891Z",
        "2026-11-23T10:15:30+19:00",
        "2026-11-23T10:15:30+05:60",
        "2026-11-23T10:15:30",
        "2026-11-23T10:15:30ZZ",
        "2026-1a-23T10:15:30Z"
      })
  void rejectsWhatTheGeneralParserRejects(String text) {
    assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);

    assertThatThrownBy(() -> RawValues.timestampMicros(text))
        .isInstanceOf(DateTimeParseException.class);
  }
}
