package dev.larder.storage.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

  @Test
  void halfOpenAtMicrosecondPrecision() {
    TimeRange range =
        new TimeRange(Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"));

    assertThat(range.contains(range.startMicros())).isTrue();
    assertThat(range.contains(range.endMicros() - 1)).isTrue();
    assertThat(range.contains(range.endMicros())).isFalse();
    assertThat(range.dates()).containsExactly(LocalDate.parse("2026-11-22"));
  }

  @Test
  void roundsNanosecondsUpBeforeAndAfterTheEpoch() {
    TimeRange range =
        new TimeRange(
            Instant.parse("1969-12-31T23:59:59.999999001Z"),
            Instant.parse("1970-01-01T00:00:00.000000001Z"));

    assertThat(range.startMicros()).isZero();
    assertThat(range.endMicros()).isEqualTo(1);
    assertThat(range.dates())
        .containsExactly(LocalDate.parse("1969-12-31"), LocalDate.parse("1970-01-01"));
  }

  @Test
  void refusesAnEmptyOrBackwardRange() {
    Instant t = Instant.parse("2026-11-22T00:00:00Z");
    assertThatThrownBy(() -> new TimeRange(t, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-11-22T00:00:00Z");
  }
}
