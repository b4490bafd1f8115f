package dev.larder.storage.training;

import dev.larder.registry.errors.InvalidArgumentException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Event times of entity rows as microseconds since the epoch, UTC: parsed from text (RFC 3339 with
 * an offset, or a naive date-time or date taken as UTC) and written back as RFC 3339 in UTC.
 */
final class EventTimes {

  private static final DateTimeFormatter TEXT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalEnd()
          .toFormatter();

  private EventTimes() {}

  /**
   * Parses {@code 2026-11-23T12:00:00Z}, {@code 2026-11-23T14:00:00.5+02:00}, {@code 2026-11-23
   * 12:00:00} (naive: UTC) or {@code 2026-11-23} (midnight UTC).
   *
   * @throws DateTimeParseException when the text is none of these
   */
  static long parseMicros(String text) {
    String t = text.trim();
    if (t.length() > 10 && t.charAt(10) == ' ') {
      t = t.substring(0, 10) + 'T' + t.substring(11);
    }
    TemporalAccessor parsed =
        TEXT.parseBest(t, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
    if (parsed instanceof OffsetDateTime o) {
      return micros(o.toInstant());
    }
    if (parsed instanceof LocalDateTime l) {
      return micros(l.toInstant(ZoneOffset.UTC));
    }
    return micros(((LocalDate) parsed).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /**
   * {@link #parseMicros} of the event time of an entity file's row {@code row} (counted from 1).
   *
   * @throws InvalidArgumentException naming the row and the text when it is not a timestamp
   */
  static long entityTimeMicros(String text, long row) {
    try {
      return parseMicros(text);
    } catch (RuntimeException e) {
      throw new InvalidArgumentException(
          "entities: row "
              + row
              + ": "
              + EntitySource.EVENT_TIMESTAMP
              + " '"
              + text
              + "' is not a timestamp");
    }
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** RFC 3339 in UTC, with as many fraction digits as needed. */
  static String format(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)
        .toString();
  }
}
