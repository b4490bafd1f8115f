package dev.larder.storage.online.redis;

import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.storage.online.OnlineRow;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The stored form of an {@link OnlineRow}: a versioned compact binary record (DESIGN §4).
 *
 * <pre>
 * byte  0      format version, {@value #FORMAT_VERSION}
 * bytes 1..8   event time, micros, big-endian with the sign bit flipped
 * bytes 9..16  created time, likewise
 * varint       number of values
 * per value    a tag (the {@link Value.KindCase} number, 0 = null) and its payload:
 *              BOOL 1 byte; INT32, FLOAT 4 bytes; INT64, DOUBLE, TIMESTAMP 8 bytes (big-endian,
 *              floats as raw IEEE 754 bits); STRING, BYTES varint length + bytes (UTF-8);
 *              lists varint count + elements of those forms
 * </pre>
 *
 * <p>Flipping the sign bit makes an unsigned byte-wise comparison of bytes 1..16 order rows by
 * (event time, created time), negative times included; the newest-wins script relies on it. Varints
 * are unsigned LEB128. Stateless and thread-safe; decoding is on the serving hot path.
 */
final class RowCodec {

  /** The format this codec writes. */
  static final byte FORMAT_VERSION = 1;

  /** Bytes before the value count: version and the two timestamps. */
  static final int HEADER_LENGTH = 17;

  private static final Value NULL = Value.getDefaultInstance();

  private RowCodec() {}

  /**
   * Encodes a row.
   *
   * @throws IllegalArgumentException if a value's kind is not one this format knows
   */
  static byte[] encode(OnlineRow row) {
    List<Value> values = row.values();
    ByteSink out = new ByteSink(HEADER_LENGTH + 5 + 12 * values.size());
    out.put(FORMAT_VERSION);
    out.putLong(row.eventTimeMicros() ^ Long.MIN_VALUE);
    out.putLong(row.createdTimeMicros() ^ Long.MIN_VALUE);
    out.putVarint(values.size());
    for (Value value : values) {
      encodeValue(value == null ? NULL : value, out);
    }
    return out.toByteArray();
  }

  private static void encodeValue(Value v, ByteSink out) {
    Value.KindCase kind = v.getKindCase();
    out.put((byte) kind.getNumber());
    switch (kind) {
      case KIND_NOT_SET -> {}
      case BOOL_VAL -> out.put((byte) (v.getBoolVal() ? 1 : 0));
      case INT32_VAL -> out.putInt(v.getInt32Val());
      case INT64_VAL -> out.putLong(v.getInt64Val());
      case FLOAT_VAL -> out.putInt(Float.floatToRawIntBits(v.getFloatVal()));
      case DOUBLE_VAL -> out.putLong(Double.doubleToRawLongBits(v.getDoubleVal()));
      case STRING_VAL -> out.putBytes(v.getStringValBytes());
      case BYTES_VAL -> out.putBytes(v.getBytesVal());
      case TIMESTAMP_MICROS_VAL -> out.putLong(v.getTimestampMicrosVal());
      case INT32_LIST_VAL -> {
        Int32List list = v.getInt32ListVal();
        out.putVarint(list.getValuesCount());
        for (int i = 0; i < list.getValuesCount(); i++) {
          out.putInt(list.getValues(i));
        }
      }
      case INT64_LIST_VAL -> {
        Int64List list = v.getInt64ListVal();
        out.putVarint(list.getValuesCount());
        for (int i = 0; i < list.getValuesCount(); i++) {
          out.putLong(list.getValues(i));
        }
      }
      case FLOAT_LIST_VAL -> {
        FloatList list = v.getFloatListVal();
        out.putVarint(list.getValuesCount());
        for (int i = 0; i < list.getValuesCount(); i++) {
          out.putInt(Float.floatToRawIntBits(list.getValues(i)));
        }
      }
      case DOUBLE_LIST_VAL -> {
        DoubleList list = v.getDoubleListVal();
        out.putVarint(list.getValuesCount());
        for (int i = 0; i < list.getValuesCount(); i++) {
          out.putLong(Double.doubleToRawLongBits(list.getValues(i)));
        }
      }
      case STRING_LIST_VAL -> {
        StringList list = v.getStringListVal();
        out.putVarint(list.getValuesCount());
        for (int i = 0; i < list.getValuesCount(); i++) {
          out.putBytes(list.getValuesBytes(i));
        }
      }
      default -> throw new IllegalArgumentException("value kind " + kind + " has no stored form");
    }
  }

  /**
   * Decodes a stored row. Does not keep a reference to {@code bytes}.
   *
   * @throws RowFormatException if the format version is unknown or the bytes are not a valid row
   */
  static OnlineRow decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new RowFormatException("stored row is empty");
    }
    if (bytes[0] != FORMAT_VERSION) {
      throw new RowFormatException(
          "stored row has format version "
              + (bytes[0] & 0xFF)
              + "; this reader knows only version "
              + FORMAT_VERSION
              + " (written by a newer Larder?)");
    }
    ByteSource in = new ByteSource(bytes, 1);
    try {
      long event = in.getLong() ^ Long.MIN_VALUE;
      long created = in.getLong() ^ Long.MIN_VALUE;
      int count = in.getCount(1);
      Value[] values = new Value[count];
      for (int i = 0; i < count; i++) {
        values[i] = decodeValue(in);
      }
      if (in.remaining() != 0) {
        throw new RowFormatException(in.remaining() + " unexpected bytes after the last value");
      }
      return new OnlineRow(event, created, Collections.unmodifiableList(Arrays.asList(values)));
    } catch (IllegalArgumentException e) {
      // Strings that are not UTF-8: protobuf refuses them.
      throw new RowFormatException("stored row has a malformed value: " + e.getMessage(), e);
    }
  }

  private static Value decodeValue(ByteSource in) {
    int tag = in.get() & 0xFF;
    Value.Builder b = Value.newBuilder();
    switch (tag) {
      case 0 -> {
        return NULL;
      }
      case Value.BOOL_VAL_FIELD_NUMBER -> b.setBoolVal(in.get() != 0);
      case Value.INT32_VAL_FIELD_NUMBER -> b.setInt32Val(in.getInt());
      case Value.INT64_VAL_FIELD_NUMBER -> b.setInt64Val(in.getLong());
      case Value.FLOAT_VAL_FIELD_NUMBER -> b.setFloatVal(Float.intBitsToFloat(in.getInt()));
      case Value.DOUBLE_VAL_FIELD_NUMBER -> b.setDoubleVal(Double.longBitsToDouble(in.getLong()));
      case Value.STRING_VAL_FIELD_NUMBER -> b.setStringValBytes(in.getBytes());
      case Value.BYTES_VAL_FIELD_NUMBER -> b.setBytesVal(in.getBytes());
      case Value.TIMESTAMP_MICROS_VAL_FIELD_NUMBER -> b.setTimestampMicrosVal(in.getLong());
      case Value.INT32_LIST_VAL_FIELD_NUMBER -> {
        Int32List.Builder list = Int32List.newBuilder();
        for (int n = in.getCount(4); n > 0; n--) {
          list.addValues(in.getInt());
        }
        b.setInt32ListVal(list);
      }
      case Value.INT64_LIST_VAL_FIELD_NUMBER -> {
        Int64List.Builder list = Int64List.newBuilder();
        for (int n = in.getCount(8); n > 0; n--) {
          list.addValues(in.getLong());
        }
        b.setInt64ListVal(list);
      }
      case Value.FLOAT_LIST_VAL_FIELD_NUMBER -> {
        FloatList.Builder list = FloatList.newBuilder();
        for (int n = in.getCount(4); n > 0; n--) {
          list.addValues(Float.intBitsToFloat(in.getInt()));
        }
        b.setFloatListVal(list);
      }
      case Value.DOUBLE_LIST_VAL_FIELD_NUMBER -> {
        DoubleList.Builder list = DoubleList.newBuilder();
        for (int n = in.getCount(8); n > 0; n--) {
          list.addValues(Double.longBitsToDouble(in.getLong()));
        }
        b.setDoubleListVal(list);
      }
      case Value.STRING_LIST_VAL_FIELD_NUMBER -> {
        StringList.Builder list = StringList.newBuilder();
        for (int n = in.getCount(1); n > 0; n--) {
          list.addValuesBytes(in.getBytes());
        }
        b.setStringListVal(list);
      }
      default -> throw new RowFormatException("stored row has unknown value tag " + tag);
    }
    return b.build();
  }
}
