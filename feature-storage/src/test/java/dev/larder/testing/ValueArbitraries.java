package dev.larder.testing;

import com.google.protobuf.ByteString;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of feature {@link Value}s with the awkward cases weighted up: separators and
 * escape characters in strings, empty strings and lists, extreme numbers, NaN, infinities, -0.0.
 * Needs jqwik on the test classpath.
 */
public final class ValueArbitraries {

  private ValueArbitraries() {}

  /**
   * Valid Unicode strings (no unpaired surrogates, as protobuf requires) of up to 12 code points.
   */
  public static Arbitrary<String> strings() {
    Arbitrary<Integer> tricky =
        Arbitraries.of((int) ':', (int) '%', (int) '3', (int) 'A', (int) 'a', 0);
    Arbitrary<Integer> ascii = Arbitraries.integers().between(0x20, 0x7E);
    Arbitrary<Integer> any =
        Arbitraries.integers()
            .between(0, Character.MAX_CODE_POINT)
            .filter(cp -> cp < 0xD800 || cp > 0xDFFF);
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(Tuple.of(4, tricky), Tuple.of(3, ascii), Tuple.of(2, any));
    return codePoint
        .list()
        .ofMaxSize(12)
        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
  }

  public static Arbitrary<Float> floats() {
    return Arbitraries.oneOf(
        Arbitraries.floats(),
        Arbitraries.of(
            Float.NaN,
            Float.intBitsToFloat(0x7fc00001),
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.MIN_VALUE,
            -0.0f));
  }

  public static Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(
            Double.NaN,
            Double.longBitsToDouble(0x7ff8000000000001L),
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            -0.0));
  }

  /** Non-null values of one type. */
  public static Arbitrary<Value> valuesOf(ValueType type) {
    return switch (type) {
      case BOOL -> Arbitraries.of(true, false).map(v -> Value.newBuilder().setBoolVal(v).build());
      case INT32 -> Arbitraries.integers().map(v -> Value.newBuilder().setInt32Val(v).build());
      case INT64 -> Arbitraries.longs().map(v -> Value.newBuilder().setInt64Val(v).build());
      case FLOAT -> floats().map(v -> Value.newBuilder().setFloatVal(v).build());
      case DOUBLE -> doubles().map(v -> Value.newBuilder().setDoubleVal(v).build());
      case STRING -> strings().map(v -> Value.newBuilder().setStringVal(v).build());
      case BYTES ->
          Arbitraries.bytes()
              .array(byte[].class)
              .ofMaxSize(16)
              .map(v -> Value.newBuilder().setBytesVal(ByteString.copyFrom(v)).build());
      case TIMESTAMP ->
          Arbitraries.longs().map(v -> Value.newBuilder().setTimestampMicrosVal(v).build());
      case INT32_LIST ->
          Arbitraries.integers()
              .list()
              .ofMaxSize(8)
              .map(
                  v ->
                      Value.newBuilder()
                          .setInt32ListVal(Int32List.newBuilder().addAllValues(v))
                          .build());
      case INT64_LIST ->
          Arbitraries.longs()
              .list()
              .ofMaxSize(8)
              .map(
                  v ->
                      Value.newBuilder()
                          .setInt64ListVal(Int64List.newBuilder().addAllValues(v))
                          .build());
      case FLOAT_LIST ->
          floats()
              .list()
              .ofMaxSize(8)
              .map(
                  v ->
                      Value.newBuilder()
                          .setFloatListVal(FloatList.newBuilder().addAllValues(v))
                          .build());
      case DOUBLE_LIST ->
          doubles()
              .list()
              .ofMaxSize(8)
              .map(
                  v ->
                      Value.newBuilder()
                          .setDoubleListVal(DoubleList.newBuilder().addAllValues(v))
                          .build());
      case STRING_LIST ->
          strings()
              .list()
              .ofMaxSize(8)
              .map(
                  v ->
                      Value.newBuilder()
                          .setStringListVal(StringList.newBuilder().addAllValues(v))
                          .build());
      default -> throw new IllegalArgumentException("no values of type " + type);
    };
  }

  /** Every type a feature may have. */
  public static Arbitrary<ValueType> featureTypes() {
    return Arbitraries.of(
        Arrays.stream(ValueType.values())
            .filter(t -> t != ValueType.UNRECOGNIZED && t != ValueType.VALUE_TYPE_UNSPECIFIED)
            .toList());
  }

  /** Values of any type, one in eight of them null (a {@link Value} with no kind set). */
  public static Arbitrary<Value> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(Value.getDefaultInstance())),
        Tuple.of(7, featureTypes().flatMap(ValueArbitraries::valuesOf)));
  }
}
