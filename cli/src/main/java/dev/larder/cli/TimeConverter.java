package dev.larder.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a time option: an RFC 3339 instant ({@code 2026-11-23T12:00:00Z}, offsets normalised to
 * UTC) or a date ({@code 2026-11-23}, its start in UTC).
 */
final class TimeConverter implements ITypeConverter<Instant> {

  @Override
  public Instant convert(String value) {
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a time: expected e.g. 2026-11-23T12:00:00Z or 2026-11-23");
    }
  }
}
