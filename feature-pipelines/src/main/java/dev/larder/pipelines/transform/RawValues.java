package dev.larder.pipelines.transform;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.ValueTypes;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Turns a raw cell, as a reader gives it, into the typed Java value of {@link Event}.
 *
 * <p>Raw cells are text ({@code String}: CSV fields, JSON scalars as written), a {@code List} of
 * raw cells (JSON arrays), or null. Text is parsed strictly: {@code "12.5"} is not an INT64. An
 * empty text is null. A TIMESTAMP is RFC 3339 text (an offset is normalised to UTC) or an integer
 * of milliseconds since the epoch. A list cell may also be the text of a JSON array. BYTES are
 * base64. Stateless and thread-safe.
 */
final class RawValues {

  private RawValues() {}

  /**
   * @return the typed value, or null for a null or empty cell
   * @throws IllegalArgumentException with a message saying what was expected, when the cell does
   *     not fit {@code type}
   */
  static Object typed(Object raw, ValueType type) {
    if (raw == null || (raw instanceof String s && s.isEmpty())) {
      return null;
    }
    if (ValueTypes.isList(type)) {
      return typedList(raw, type);
    }
    if (!(raw instanceof String text)) {
      throw new IllegalArgumentException(
          "expected " + ValueTypes.displayName(type) + ", got " + describe(raw));
    }
    try {
      return switch (type) {
        case BOOL -> parseBool(text);
        case INT32 -> Integer.parseInt(text.trim());
        case INT64 -> Long.parseLong(text.trim());
        case FLOAT -> Float.parseFloat(text.trim());
        case DOUBLE -> Double.parseDouble(text.trim());
        case STRING -> text;
        case BYTES -> Base64.getDecoder().decode(text.trim());
        case TIMESTAMP -> timestampMicros(text.trim());
        default -> throw new IllegalArgumentException("unsupported type " + type);
      };
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "expected " + ValueTypes.displayName(type) + ", got " + describe(raw), e);
    }
  }

  private static Object typedList(Object raw, ValueType type) {
    List<?> items;
    if (raw instanceof List<?> l) {
      items = l;
    } else if (raw instanceof String s && s.trim().startsWith("[")) {
      items = JsonCells.parseArray(s);
    } else {
      throw new IllegalArgumentException(
          "expected " + ValueTypes.displayName(type) + ", got " + describe(raw));
    }
    ValueType element = ValueTypes.elementType(type).orElseThrow();
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      Object v = typed(item, element);
      if (v == null) {
        throw new IllegalArgumentException(
            "expected " + ValueTypes.displayName(type) + " without null elements");
      }
      out.add(v);
    }
    // A mutable list: engines (Kryo) rebuild collections element by element.
    return out;
  }

  private static Boolean parseBool(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true")) {
      return Boolean.TRUE;
    }
    if (t.equals("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("not a boolean: " + text);
  }

  /** RFC 3339 text or integer epoch milliseconds, as microseconds since the epoch. */
  static long timestampMicros(String text) {
    if (isInteger(text)) {
      return Math.multiplyExact(Long.parseLong(text), 1000L);
    }
    long micros = rfc3339Micros(text);
    if (micros != NOT_PLAIN) {
      return micros;
    }
    Instant t = OffsetDateTime.parse(text).toInstant();
    return micros(t.getEpochSecond(), t.getNano());
  }

  /**
   * Digits, the first may be a '-' instead ({@link Character#isDigit}, as {@link Long#parseLong}).
   */
  private static boolean isInteger(String text) {
    if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** What {@link #rfc3339Micros} answers for text it leaves to the general parser. */
  private static final long NOT_PLAIN = Long.MIN_VALUE;

  private static final int[] NANOS_PER_DIGIT = {
    0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  /**
   * The common shape of an RFC 3339 timestamp, {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±hh:mm)} with
   * valid fields, read without the general parser (which costs a streamed event more than its JSON
   * does); {@link #NOT_PLAIN} for any other text, which {@link OffsetDateTime#parse} then accepts
   * or rejects, so both ways agree.
   */
  private static long rfc3339Micros(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return NOT_PLAIN;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int from = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i - from < 1 || i - from > 9) {
        return NOT_PLAIN;
      }
      nanos = digits(s, from, i - from) * NANOS_PER_DIGIT[i - from];
    }
    int offsetHours = 0;
    int offsetMinutes = 0;
    if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int sign = s.charAt(i) == '-' ? -1 : 1;
      offsetHours = sign * digits(s, i + 1, 2);
      offsetMinutes = sign * digits(s, i + 4, 2);
    } else if (i != n - 1 || s.charAt(i) != 'Z') {
      return NOT_PLAIN;
    }
    if ((year | month | day | hour | minute | second | nanos) < 0
        || Math.abs(offsetHours) > 18
        || Math.abs(offsetMinutes) > 59) {
      return NOT_PLAIN;
    }
    try {
      long epochSecond =
          LocalDateTime.of(year, month, day, hour, minute, second)
              .toEpochSecond(ZoneOffset.ofHoursMinutes(offsetHours, offsetMinutes));
      return micros(epochSecond, nanos);
    } catch (DateTimeException e) {
      return NOT_PLAIN;
    }
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static long micros(long epochSecond, int nanos) {
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nanos / 1000);
  }

  private static String describe(Object raw) {
    if (raw instanceof String s) {
      return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }
    if (raw instanceof List<?>) {
      return "a list";
    }
    return "an object";
  }
}
