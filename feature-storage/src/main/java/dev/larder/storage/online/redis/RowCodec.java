package dev.larder.storage.online.redis;

import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.StoredRow;
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
 * are unsigned LEB128. Stateless and thread-safe; {@link BinaryRow} reads the format on the serving
 * hot path.
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
   * Reads a stored row: checks it and notes where its values are, without decoding them. The
   * returned row keeps a reference to {@code bytes}, which must not change afterwards.
   *
   * @throws RowFormatException if the format version is unknown or the bytes are not a valid row
   */
  static StoredRow read(byte[] bytes) {
    return BinaryRow.scan(bytes);
  }
}
