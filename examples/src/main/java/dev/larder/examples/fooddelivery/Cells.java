package dev.larder.examples.fooddelivery;

import com.google.protobuf.ByteString;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import java.time.Instant;
import java.util.Random;

/** Builds the {@link Value}s of generated rows, and checks a value against a declared type. */
final class Cells {

  /** A value with no kind set: a null cell. */
  static final Value NULL = Value.getDefaultInstance();

  private Cells() {}

  static Value bool(boolean v) {
    return Value.newBuilder().setBoolVal(v).build();
  }

  static Value int32(int v) {
    return Value.newBuilder().setInt32Val(v).build();
  }

  static Value int64(long v) {
    return Value.newBuilder().setInt64Val(v).build();
  }

  static Value float64(double v) {
    return Value.newBuilder().setDoubleVal(v).build();
  }

  static Value string(String v) {
    return Value.newBuilder().setStringVal(v).build();
  }

  static Value timestamp(Instant t) {
    return Value.newBuilder()
        .setTimestampMicrosVal(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000)
        .build();
  }

  static Value doubles(double... values) {
    DoubleList.Builder list = DoubleList.newBuilder();
    for (double v : values) {
      list.addValues(v);
    }
    return Value.newBuilder().setDoubleListVal(list).build();
  }

  static Value floats(float... values) {
    FloatList.Builder list = FloatList.newBuilder();
    for (float v : values) {
      list.addValues(v);
    }
    return Value.newBuilder().setFloatListVal(list).build();
  }

  /** Whether a value may stand in a column of the type: a null fits every type. */
  static boolean fits(Value v, ValueType type) {
    return switch (v.getKindCase()) {
      case KIND_NOT_SET -> true;
      case BOOL_VAL -> type == ValueType.BOOL;
      case INT32_VAL -> type == ValueType.INT32;
      case INT64_VAL -> type == ValueType.INT64;
      case FLOAT_VAL -> type == ValueType.FLOAT;
      case DOUBLE_VAL -> type == ValueType.DOUBLE;
      case STRING_VAL -> type == ValueType.STRING;
      case BYTES_VAL -> type == ValueType.BYTES;
      case TIMESTAMP_MICROS_VAL -> type == ValueType.TIMESTAMP;
      case INT32_LIST_VAL -> type == ValueType.INT32_LIST;
      case INT64_LIST_VAL -> type == ValueType.INT64_LIST;
      case FLOAT_LIST_VAL -> type == ValueType.FLOAT_LIST;
      case DOUBLE_LIST_VAL -> type == ValueType.DOUBLE_LIST;
      case STRING_LIST_VAL -> type == ValueType.STRING_LIST;
    };
  }

  /**
   * A plausible value of a type, for a feature the generator has no model of: small counts,
   * moderate numbers, short strings, short lists.
   */
  static Value plausible(Random r, ValueType type, Instant eventTime) {
    return switch (type) {
      case BOOL -> bool(r.nextBoolean());
      case INT32 -> int32(r.nextInt(100));
      case INT64 -> int64(Sampling.poisson(r, 20));
      case FLOAT -> Value.newBuilder().setFloatVal((float) r.nextGaussian()).build();
      case DOUBLE -> float64(Sampling.logNormal(r, 10, 1));
      case STRING -> string("value_" + r.nextInt(1_000));
      case BYTES -> Value.newBuilder().setBytesVal(ByteString.copyFrom(bytes(r))).build();
      case TIMESTAMP -> timestamp(eventTime);
      case INT32_LIST ->
          Value.newBuilder()
              .setInt32ListVal(Int32List.newBuilder().addValues(1).addValues(r.nextInt(10)))
              .build();
      case INT64_LIST ->
          Value.newBuilder()
              .setInt64ListVal(Int64List.newBuilder().addValues(1).addValues(r.nextInt(10)))
              .build();
      case FLOAT_LIST -> floats((float) r.nextGaussian(), (float) r.nextGaussian(), 0f);
      case DOUBLE_LIST -> doubles(r.nextGaussian(), r.nextGaussian(), 0);
      case STRING_LIST ->
          Value.newBuilder()
              .setStringListVal(
                  StringList.newBuilder().addValues("a").addValues("b" + r.nextInt(9)))
              .build();
      case VALUE_TYPE_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException("no values of type " + type);
    };
  }

  private static byte[] bytes(Random r) {
    byte[] b = new byte[8];
    r.nextBytes(b);
    return b;
  }
}
