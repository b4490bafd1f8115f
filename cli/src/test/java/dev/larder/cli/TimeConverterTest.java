package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class TimeConverterTest {

  private final TimeConverter converter =
      new TimeConverter(Clock.fixed(Instant.parse("2026-12-06T13:05:07.250Z"), ZoneOffset.UTC));

  @Test
  void readsInstantsDatesAndNow() {
    assertThat(converter.convert("2026-11-23T12:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
    assertThat(converter.convert("2026-11-23")).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(converter.convert("now")).isEqualTo(Instant.parse("2026-12-06T13:05:07.250Z"));
  }

  @Test
  void namesWhatItExpects() {
    assertThatThrownBy(() -> converter.convert("NOW"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'NOW' is not a time: expected e.g. 2026-11-23T12:00:00Z, 2026-11-23 or now");
  }
}
