package dev.larder.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a time option: an RFC 3339 instant ({@code 2026-11-23T12:00:00Z}, offsets normalised to
 * UTC), a date ({@code 2026-11-23}, its start in UTC), or {@code now} (the current instant, for
 * scheduled runs such as {@code materialize-incremental --end now}).
 */
final class TimeConverter implements ITypeConverter<Instant> {

  private final Clock clock;

  TimeConverter() {
    this(Clock.systemUTC());
  }

  TimeConverter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Instant convert(String value) {
    if (value.equals("now")) {
      return clock.instant();
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a time: expected e.g. 2026-11-23T12:00:00Z, 2026-11-23 or now");
    }
  }
}
