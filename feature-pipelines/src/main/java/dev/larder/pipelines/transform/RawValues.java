package dev.larder.pipelines.transform;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.ValueTypes;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    if (!text.isEmpty()
        && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')
        && text.chars().skip(1).allMatch(Character::isDigit)) {
      return Math.multiplyExact(Long.parseLong(text), 1000L);
    }
    Instant t = OffsetDateTime.parse(text).toInstant();
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
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
