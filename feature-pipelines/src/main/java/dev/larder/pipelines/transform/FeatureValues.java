package dev.larder.pipelines.transform;

import com.google.protobuf.ByteString;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import java.util.ArrayList;
import java.util.List;

/** Converts engine-neutral {@link FeatureRow}s to the stores' {@link Value}s. Thread-safe. */
public final class FeatureValues {

  private static final Value NULL = Value.getDefaultInstance();

  private FeatureValues() {}

  /**
   * The offline row of a computed row, values converted to the view's declared types.
   *
   * @param createdTimeMicros the run's time, microseconds since the epoch
   */
  public static OfflineRow toOfflineRow(FeatureView view, FeatureRow row, long createdTimeMicros) {
    List<Value> entity = new ArrayList<>(row.entity().size());
    for (int i = 0; i < row.entity().size(); i++) {
      entity.add(toValue(row.entity().get(i), view.joinKeys().get(i).type()));
    }
    List<Value> values = new ArrayList<>(row.values().size());
    for (int i = 0; i < row.values().size(); i++) {
      values.add(toValue(row.values().get(i), view.features().get(i).type()));
    }
    return new OfflineRow(entity, row.eventTimeMicros(), createdTimeMicros, values);
  }

  /**
   * A plain Java value (see {@link Event}) as a {@link Value} of {@code type}; numbers are
   * converted to the type's width. Null gives the null value.
   *
   * @throws IllegalArgumentException if the value cannot be of that type
   */
  public static Value toValue(Object v, ValueType type) {
    if (v == null) {
      return NULL;
    }
    Value.Builder b = Value.newBuilder();
    switch (type) {
      case BOOL -> b.setBoolVal((Boolean) v);
      case INT32 -> b.setInt32Val(number(v, type).intValue());
      case INT64 -> b.setInt64Val(number(v, type).longValue());
      case FLOAT -> b.setFloatVal(number(v, type).floatValue());
      case DOUBLE -> b.setDoubleVal(number(v, type).doubleValue());
      case STRING -> b.setStringVal(v.toString());
      case BYTES -> b.setBytesVal(ByteString.copyFrom((byte[]) v));
      case TIMESTAMP -> b.setTimestampMicrosVal(number(v, type).longValue());
      case INT32_LIST ->
          b.setInt32ListVal(
              Int32List.newBuilder()
                  .addAllValues(list(v).stream().map(x -> number(x, type).intValue()).toList()));
      case INT64_LIST ->
          b.setInt64ListVal(
              Int64List.newBuilder()
                  .addAllValues(list(v).stream().map(x -> number(x, type).longValue()).toList()));
      case FLOAT_LIST ->
          b.setFloatListVal(
              FloatList.newBuilder()
                  .addAllValues(list(v).stream().map(x -> number(x, type).floatValue()).toList()));
      case DOUBLE_LIST ->
          b.setDoubleListVal(
              DoubleList.newBuilder()
                  .addAllValues(list(v).stream().map(x -> number(x, type).doubleValue()).toList()));
      case STRING_LIST ->
          b.setStringListVal(
              StringList.newBuilder()
                  .addAllValues(list(v).stream().map(Object::toString).toList()));
      default -> throw new IllegalArgumentException("cannot write a value of type " + type);
    }
    return b.build();
  }

  private static Number number(Object v, ValueType type) {
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException(
        "expected a number for " + type + ", got " + v.getClass().getSimpleName());
  }

  private static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException("expected a list, got " + v.getClass().getSimpleName());
  }
}
