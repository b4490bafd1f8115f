package dev.larder.storage.offline.delta;

import com.google.protobuf.ByteString;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.ValueTypes;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Moves {@link Value}s in and out of Parquet columns of the forms {@link TableLayout} declares.
 * Stateless; writing is on the append hot path, so it switches on the type once per value.
 */
public final class ValueColumns {

  private static final Value NULL = Value.getDefaultInstance();

  private ValueColumns() {}

  /** The element type of a list type, or null when {@code type} is not a list. */
  public static ValueType elementType(ValueType type) {
    return ValueTypes.elementType(type).orElse(null);
  }

  /**
   * Writes a non-null value as field {@code index} of the current record; the caller has checked
   * that it holds {@code type}. An empty list is written as a present list with no elements.
   */
  public static void write(
      RecordConsumer out, String name, int index, ValueType type, Value value) {
    out.startField(name, index);
    switch (type) {
      case BOOL -> out.addBoolean(value.getBoolVal());
      case INT32 -> out.addInteger(value.getInt32Val());
      case INT64 -> out.addLong(value.getInt64Val());
      case FLOAT -> out.addFloat(value.getFloatVal());
      case DOUBLE -> out.addDouble(value.getDoubleVal());
      case STRING -> out.addBinary(Binary.fromString(value.getStringVal()));
      case BYTES -> out.addBinary(Binary.fromConstantByteArray(value.getBytesVal().toByteArray()));
      case TIMESTAMP -> out.addLong(value.getTimestampMicrosVal());
      default -> writeList(out, type, value);
    }
    out.endField(name, index);
  }

  private static void writeList(RecordConsumer out, ValueType type, Value value) {
    out.startGroup();
    int size = listSize(type, value);
    if (size > 0) {
      out.startField("list", 0);
      for (int i = 0; i < size; i++) {
        out.startGroup();
        out.startField("element", 0);
        switch (type) {
          case INT32_LIST -> out.addInteger(value.getInt32ListVal().getValues(i));
          case INT64_LIST -> out.addLong(value.getInt64ListVal().getValues(i));
          case FLOAT_LIST -> out.addFloat(value.getFloatListVal().getValues(i));
          case DOUBLE_LIST -> out.addDouble(value.getDoubleListVal().getValues(i));
          case STRING_LIST ->
              out.addBinary(Binary.fromString(value.getStringListVal().getValues(i)));
          default -> throw new IllegalArgumentException("no offline column type for " + type);
        }
        out.endField("element", 0);
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  /**
   * The number of elements of a list value of {@code type}.
   *
   * @throws IllegalArgumentException if the type is not a list type
   */
  public static int listSize(ValueType type, Value value) {
    return switch (type) {
      case INT32_LIST -> value.getInt32ListVal().getValuesCount();
      case INT64_LIST -> value.getInt64ListVal().getValuesCount();
      case FLOAT_LIST -> value.getFloatListVal().getValuesCount();
      case DOUBLE_LIST -> value.getDoubleListVal().getValuesCount();
      case STRING_LIST -> value.getStringListVal().getValuesCount();
      default -> throw new IllegalArgumentException("no offline column type for " + type);
    };
  }

  /** Reads field {@code index} of a record; null (no kind set) when the field is absent. */
  static Value read(Group record, int index, ValueType type) {
    if (record.getFieldRepetitionCount(index) == 0) {
      return NULL;
    }
    Value.Builder v = Value.newBuilder();
    switch (type) {
      case BOOL -> v.setBoolVal(record.getBoolean(index, 0));
      case INT32 -> v.setInt32Val(record.getInteger(index, 0));
      case INT64 -> v.setInt64Val(record.getLong(index, 0));
      case FLOAT -> v.setFloatVal(record.getFloat(index, 0));
      case DOUBLE -> v.setDoubleVal(record.getDouble(index, 0));
      case STRING -> v.setStringVal(record.getBinary(index, 0).toStringUsingUTF8());
      case BYTES -> v.setBytesVal(ByteString.copyFrom(record.getBinary(index, 0).getBytes()));
      case TIMESTAMP -> v.setTimestampMicrosVal(record.getLong(index, 0));
      default -> readList(record.getGroup(index, 0), type, v);
    }
    return v.build();
  }

  private static void readList(Group list, ValueType type, Value.Builder v) {
    int size = list.getType().getFieldCount() == 0 ? 0 : list.getFieldRepetitionCount(0);
    switch (type) {
      case INT32_LIST -> {
        Int32List.Builder b = Int32List.newBuilder();
        for (int i = 0; i < size; i++) {
          b.addValues(list.getGroup(0, i).getInteger(0, 0));
        }
        v.setInt32ListVal(b);
      }
      case INT64_LIST -> {
        Int64List.Builder b = Int64List.newBuilder();
        for (int i = 0; i < size; i++) {
          b.addValues(list.getGroup(0, i).getLong(0, 0));
        }
        v.setInt64ListVal(b);
      }
      case FLOAT_LIST -> {
        FloatList.Builder b = FloatList.newBuilder();
        for (int i = 0; i < size; i++) {
          b.addValues(list.getGroup(0, i).getFloat(0, 0));
        }
        v.setFloatListVal(b);
      }
      case DOUBLE_LIST -> {
        DoubleList.Builder b = DoubleList.newBuilder();
        for (int i = 0; i < size; i++) {
          b.addValues(list.getGroup(0, i).getDouble(0, 0));
        }
        v.setDoubleListVal(b);
      }
      case STRING_LIST -> {
        StringList.Builder b = StringList.newBuilder();
        for (int i = 0; i < size; i++) {
          b.addValues(list.getGroup(0, i).getBinary(0, 0).toStringUsingUTF8());
        }
        v.setStringListVal(b);
      }
      default -> throw new IllegalArgumentException("no offline column type for " + type);
    }
  }
}
