package dev.larder.server.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.ValueTypes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Converts between JSON and {@link Value}s of a declared type: JSON numbers for numeric types,
 * strings for STRING, base64 strings for BYTES, RFC 3339 strings for TIMESTAMP (offsets are
 * normalised to UTC; a timestamp without offset is UTC), arrays for lists, {@code null} for null.
 */
final class JsonValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  /**
   * Reads a JSON value as the given type.
   *
   * @param field where the value is, for the message, e.g. {@code entities.customer_id[3]}
   * @param error makes the exception thrown when the value does not fit the type
   */
  static Value toValue(
      JsonNode node,
      ValueType type,
      String field,
      Function<String, ? extends RuntimeException> error) {
    if (node == null || node.isNull()) {
      return Value.getDefaultInstance();
    }
    Value.Builder v = Value.newBuilder();
    switch (type) {
      case BOOL ->
          v.setBoolVal(requireKind(node, node.isBoolean(), type, field, error).booleanValue());
      case INT32 ->
          v.setInt32Val(
              requireKind(
                      node, node.canConvertToInt() && node.isIntegralNumber(), type, field, error)
                  .intValue());
      case INT64 ->
          v.setInt64Val(
              requireKind(
                      node, node.canConvertToLong() && node.isIntegralNumber(), type, field, error)
                  .longValue());
      case FLOAT ->
          v.setFloatVal(
              (float) requireKind(node, node.isNumber(), type, field, error).doubleValue());
      case DOUBLE ->
          v.setDoubleVal(requireKind(node, node.isNumber(), type, field, error).doubleValue());
      case STRING ->
          v.setStringVal(requireKind(node, node.isTextual(), type, field, error).textValue());
      case BYTES ->
          v.setBytesVal(
              bytes(requireKind(node, node.isTextual(), type, field, error), field, error));
      case TIMESTAMP ->
          v.setTimestampMicrosVal(
              timestampMicros(
                  requireKind(node, node.isTextual(), type, field, error).textValue(),
                  field,
                  error));
      case INT32_LIST, INT64_LIST, FLOAT_LIST, DOUBLE_LIST, STRING_LIST ->
          list(node, type, field, error, v);
      default -> throw new IllegalArgumentException("no JSON form for " + type);
    }
    return v.build();
  }

  private static void list(
      JsonNode node,
      ValueType type,
      String field,
      Function<String, ? extends RuntimeException> error,
      Value.Builder v) {
    requireKind(node, node.isArray(), type, field, error);
    ValueType element =
        switch (type) {
          case INT32_LIST -> ValueType.INT32;
          case INT64_LIST -> ValueType.INT64;
          case FLOAT_LIST -> ValueType.FLOAT;
          case DOUBLE_LIST -> ValueType.DOUBLE;
          default -> ValueType.STRING;
        };
    Int32List.Builder i32 = Int32List.newBuilder();
    Int64List.Builder i64 = Int64List.newBuilder();
    FloatList.Builder f32 = FloatList.newBuilder();
    DoubleList.Builder f64 = DoubleList.newBuilder();
    StringList.Builder str = StringList.newBuilder();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (item.isNull()) {
        throw error.apply(field + "[" + i + "]: lists cannot hold null");
      }
      Value e = toValue(item, element, field + "[" + i + "]", error);
      switch (type) {
        case INT32_LIST -> i32.addValues(e.getInt32Val());
        case INT64_LIST -> i64.addValues(e.getInt64Val());
        case FLOAT_LIST -> f32.addValues(e.getFloatVal());
        case DOUBLE_LIST -> f64.addValues(e.getDoubleVal());
        default -> str.addValues(e.getStringVal());
      }
    }
    switch (type) {
      case INT32_LIST -> v.setInt32ListVal(i32);
      case INT64_LIST -> v.setInt64ListVal(i64);
      case FLOAT_LIST -> v.setFloatListVal(f32);
      case DOUBLE_LIST -> v.setDoubleListVal(f64);
      default -> v.setStringListVal(str);
    }
  }

  private static JsonNode requireKind(
      JsonNode node,
      boolean ok,
      ValueType type,
      String field,
      Function<String, ? extends RuntimeException> error) {
    if (!ok) {
      throw error.apply(
          field
              + ": expected "
              + ValueTypes.displayName(type)
              + ", got JSON "
              + node.getNodeType().name().toLowerCase(Locale.ROOT)
              + " "
              + abbreviate(node.toString()));
    }
    return node;
  }

  private static ByteString bytes(
      JsonNode node, String field, Function<String, ? extends RuntimeException> error) {
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(node.textValue()));
    } catch (IllegalArgumentException e) {
      throw error.apply(field + ": BYTES are base64 strings; " + e.getMessage());
    }
  }

  /** Parses an RFC 3339 timestamp (offset optional, UTC when absent) to microseconds. */
  static long timestampMicros(
      String text, String field, Function<String, ? extends RuntimeException> error) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withOffset) {
      try {
        instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException naive) {
        throw error.apply(
            field
                + ": '"
                + abbreviate(text)
                + "' is not an RFC 3339 timestamp (e.g. 2026-11-23T12:00:00Z)");
      }
    }
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** Writes a value as JSON. */
  static JsonNode toJson(Value v) {
    return switch (v.getKindCase()) {
      case BOOL_VAL -> NODES.booleanNode(v.getBoolVal());
      case INT32_VAL -> NODES.numberNode(v.getInt32Val());
      case INT64_VAL -> NODES.numberNode(v.getInt64Val());
      case FLOAT_VAL -> NODES.numberNode(v.getFloatVal());
      case DOUBLE_VAL -> NODES.numberNode(v.getDoubleVal());
      case STRING_VAL -> NODES.textNode(v.getStringVal());
      case BYTES_VAL ->
          NODES.textNode(Base64.getEncoder().encodeToString(v.getBytesVal().toByteArray()));
      case TIMESTAMP_MICROS_VAL -> NODES.textNode(formatMicros(v.getTimestampMicrosVal()));
      case INT32_LIST_VAL -> array(v.getInt32ListVal().getValuesList(), i -> NODES.numberNode(i));
      case INT64_LIST_VAL -> array(v.getInt64ListVal().getValuesList(), i -> NODES.numberNode(i));
      case FLOAT_LIST_VAL -> array(v.getFloatListVal().getValuesList(), f -> NODES.numberNode(f));
      case DOUBLE_LIST_VAL -> array(v.getDoubleListVal().getValuesList(), d -> NODES.numberNode(d));
      case STRING_LIST_VAL -> array(v.getStringListVal().getValuesList(), NODES::textNode);
      case KIND_NOT_SET -> NODES.nullNode();
    };
  }

  private static <T> ArrayNode array(List<T> items, Function<T, JsonNode> toNode) {
    ArrayNode array = NODES.arrayNode(items.size());
    for (T item : items) {
      array.add(toNode.apply(item));
    }
    return array;
  }

  static String formatMicros(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
        .toString();
  }

  static String format(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
