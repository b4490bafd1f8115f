package dev.larder.registry.load;

import com.google.protobuf.ByteString;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.ValueTypes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a feature's {@code default:} as a {@link Value} of the feature's type. Numbers must be YAML
 * numbers of the type's range, booleans YAML booleans, bytes base64, timestamps RFC 3339 strings
 * ({@code 2026-01-01T00:00:00Z}), lists YAML sequences of their element type.
 */
final class DefaultValues {

  private final Problems problems;

  DefaultValues(Problems problems) {
    this.problems = problems;
  }

  /** The value, or null when the node does not fit the type (reported). */
  Value parse(YamlNode node, ValueType type) {
    if (ValueTypes.isList(type)) {
      return list(node, type);
    }
    if (!node.isScalar()) {
      return misfit(node, type, "expected a single value, found " + node.kind());
    }
    try {
      return scalar(node, type);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
      return misfit(node, type, expectation(type));
    }
  }

  private Value scalar(YamlNode node, ValueType type) {
    String text = node.text();
    Tag tag = node.tag();
    return switch (type) {
      case BOOL -> Value.newBuilder().setBoolVal(bool(text, tag)).build();
      case INT32 -> Value.newBuilder().setInt32Val(Math.toIntExact(integer(text, tag))).build();
      case INT64 -> Value.newBuilder().setInt64Val(integer(text, tag)).build();
      case FLOAT -> Value.newBuilder().setFloatVal(toFloat(real(text, tag))).build();
      case DOUBLE -> Value.newBuilder().setDoubleVal(real(text, tag)).build();
      case STRING -> Value.newBuilder().setStringVal(text).build();
      case BYTES -> Value.newBuilder().setBytesVal(bytes(text, tag)).build();
      case TIMESTAMP -> Value.newBuilder().setTimestampMicrosVal(micros(text, tag)).build();
      default -> throw new IllegalStateException("no scalar default for " + type);
    };
  }

  private Value list(YamlNode node, ValueType type) {
    if (!node.isSequence()) {
      return misfit(node, type, "expected a list, found " + node.kind());
    }
    ValueType element = elementType(type);
    List<Value> values = new ArrayList<>();
    for (YamlNode item : node.items()) {
      Value v = parse(item, element);
      if (v == null) {
        return null;
      }
      values.add(v);
    }
    Value.Builder b = Value.newBuilder();
    switch (type) {
      case INT32_LIST ->
          b.setInt32ListVal(
              Int32List.newBuilder()
                  .addAllValues(values.stream().map(Value::getInt32Val).toList()));
      case INT64_LIST ->
          b.setInt64ListVal(
              Int64List.newBuilder()
                  .addAllValues(values.stream().map(Value::getInt64Val).toList()));
      case FLOAT_LIST ->
          b.setFloatListVal(
              FloatList.newBuilder()
                  .addAllValues(values.stream().map(Value::getFloatVal).toList()));
      case DOUBLE_LIST ->
          b.setDoubleListVal(
              DoubleList.newBuilder()
                  .addAllValues(values.stream().map(Value::getDoubleVal).toList()));
      case STRING_LIST ->
          b.setStringListVal(
              StringList.newBuilder()
                  .addAllValues(values.stream().map(Value::getStringVal).toList()));
      default -> throw new IllegalStateException("not a list type: " + type);
    }
    return b.build();
  }

  private static ValueType elementType(ValueType listType) {
    return ValueTypes.elementType(listType)
        .orElseThrow(() -> new IllegalArgumentException("not a list type: " + listType));
  }

  private static boolean bool(String text, Tag tag) {
    require(tag, Tag.BOOL);
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(text);
    };
  }

  private static long integer(String text, Tag tag) {
    require(tag, Tag.INT);
    return Long.parseLong(text.replace("_", ""));
  }

  private static double real(String text, Tag tag) {
    if (Tag.INT.equals(tag)) {
      return integer(text, tag);
    }
    require(tag, Tag.FLOAT);
    return switch (text.toLowerCase(Locale.ROOT)) {
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      case ".nan" -> Double.NaN;
      default -> Double.parseDouble(text.replace("_", ""));
    };
  }

  private static float toFloat(double d) {
    float f = (float) d;
    if (Float.isInfinite(f) && !Double.isInfinite(d)) {
      throw new ArithmeticException("out of FLOAT range: " + d);
    }
    return f;
  }

  private static ByteString bytes(String text, Tag tag) {
    if (!Tag.BINARY.equals(tag)) {
      require(tag, Tag.STR);
    }
    return ByteString.copyFrom(Base64.getDecoder().decode(text.replaceAll("\\s", "")));
  }

  private static long micros(String text, Tag tag) {
    if (!Tag.TIMESTAMP.equals(tag)) {
      require(tag, Tag.STR);
    }
    Instant t = OffsetDateTime.parse(text).toInstant();
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private static void require(Tag actual, Tag expected) {
    if (!expected.equals(actual)) {
      throw new IllegalArgumentException("tag " + actual + " is not " + expected);
    }
  }

  private static String expectation(ValueType type) {
    return switch (type) {
      case BOOL -> "expected true or false";
      case INT32 ->
          "expected a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
      case INT64 -> "expected a whole number";
      case FLOAT, DOUBLE -> "expected a number";
      case BYTES -> "expected base64 text";
      case TIMESTAMP -> "expected an RFC 3339 timestamp such as 2026-01-01T00:00:00Z";
      default -> "expected a value of that type";
    };
  }

  private Value misfit(YamlNode node, ValueType type, String why) {
    String what = node.isScalar() ? "'" + node.text() + "'" : node.kind();
    problems.add(
        node,
        "default " + what + " does not fit type " + ValueTypes.displayName(type) + ": " + why);
    return null;
  }
}
