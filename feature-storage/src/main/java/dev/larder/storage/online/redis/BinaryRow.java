package dev.larder.storage.online.redis;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.larder.proto.types.v1.Value;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.StoredRow;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;

/**
 * A stored row in {@link RowCodec}'s format, checked once by {@link #scan} and then written out
 * value by value in {@code Value} wire format without building objects.
 *
 * <p>Serving hot path: the reader scans every row it returns, and the server copies every value of
 * an answer through {@link #writeValue}. The scan keeps each value's offset and wire size, so
 * writing needs no second pass over the row and no bounds checks. Immutable and thread-safe; keeps
 * a reference to the scanned bytes, which must not change afterwards.
 */
final class BinaryRow implements StoredRow {

  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private final byte[] bytes;
  private final long eventTimeMicros;
  private final int[] offsets;
  private final int[] wireSizes;

  private BinaryRow(byte[] bytes, long eventTimeMicros, int[] offsets, int[] wireSizes) {
    this.bytes = bytes;
    this.eventTimeMicros = eventTimeMicros;
    this.offsets = offsets;
    this.wireSizes = wireSizes;
  }

  /**
   * Checks a stored row and notes where its values are.
   *
   * @throws RowFormatException if the format version is unknown or the bytes are not a valid row
   *     (truncated, unknown value tags, strings that are not UTF-8, bytes after the last value)
   */
  static BinaryRow scan(byte[] bytes) {
    if (bytes.length == 0) {
      throw new RowFormatException("stored row is empty");
    }
    if (bytes[0] != RowCodec.FORMAT_VERSION) {
      throw new RowFormatException(
          "stored row has format version "
              + (bytes[0] & 0xFF)
              + "; this reader knows only version "
              + RowCodec.FORMAT_VERSION
              + " (written by a newer Larder?)");
    }
    ByteSource in = new ByteSource(bytes, 1);
    long event = in.getLong() ^ Long.MIN_VALUE;
    in.skip(8); // created time: only writers compare it
    int count = in.getCount(1);
    int[] offsets = new int[count];
    int[] wireSizes = new int[count];
    for (int i = 0; i < count; i++) {
      offsets[i] = in.position();
      wireSizes[i] = scanValue(in);
    }
    if (in.remaining() != 0) {
      throw new RowFormatException(in.remaining() + " unexpected bytes after the last value");
    }
    return new BinaryRow(bytes, event, offsets, wireSizes);
  }

  /** Skips one stored value and returns its size in {@code Value} wire format. */
  private static int scanValue(ByteSource in) {
    int tag = in.get() & 0xFF;
    return switch (tag) {
      case 0 -> 0;
      case Value.BOOL_VAL_FIELD_NUMBER -> {
        in.skip(1);
        yield 2;
      }
      case Value.INT32_VAL_FIELD_NUMBER -> 1 + CodedOutputStream.computeInt32SizeNoTag(in.getInt());
      case Value.INT64_VAL_FIELD_NUMBER, Value.TIMESTAMP_MICROS_VAL_FIELD_NUMBER ->
          1 + CodedOutputStream.computeInt64SizeNoTag(in.getLong());
      case Value.FLOAT_VAL_FIELD_NUMBER -> {
        in.skip(4);
        yield 5;
      }
      case Value.DOUBLE_VAL_FIELD_NUMBER -> {
        in.skip(8);
        yield 9;
      }
      case Value.STRING_VAL_FIELD_NUMBER -> 1 + delimitedSize(scanString(in));
      case Value.BYTES_VAL_FIELD_NUMBER -> {
        int n = in.getCount(1);
        in.skip(n);
        yield 1 + delimitedSize(n);
      }
      case Value.INT32_LIST_VAL_FIELD_NUMBER -> {
        int packed = 0;
        for (int n = in.getCount(4); n > 0; n--) {
          packed += CodedOutputStream.computeInt32SizeNoTag(in.getInt());
        }
        yield 1 + delimitedSize(packedFieldSize(packed));
      }
      case Value.INT64_LIST_VAL_FIELD_NUMBER -> {
        int packed = 0;
        for (int n = in.getCount(8); n > 0; n--) {
          packed += CodedOutputStream.computeInt64SizeNoTag(in.getLong());
        }
        yield 1 + delimitedSize(packedFieldSize(packed));
      }
      case Value.FLOAT_LIST_VAL_FIELD_NUMBER -> {
        int n = in.getCount(4);
        in.skip(4 * n);
        yield 1 + delimitedSize(packedFieldSize(4 * n));
      }
      case Value.DOUBLE_LIST_VAL_FIELD_NUMBER -> {
        int n = in.getCount(8);
        in.skip(8 * n);
        yield 1 + delimitedSize(packedFieldSize(8 * n));
      }
      case Value.STRING_LIST_VAL_FIELD_NUMBER -> {
        int list = 0;
        for (int n = in.getCount(1); n > 0; n--) {
          list += 1 + delimitedSize(scanString(in));
        }
        yield 1 + delimitedSize(list);
      }
      default -> throw new RowFormatException("stored row has unknown value tag " + tag);
    };
  }

  /** Skips a stored string, checking it is UTF-8 as protobuf requires; returns its length. */
  private static int scanString(ByteSource in) {
    int n = in.getCount(1);
    int start = in.position();
    in.skip(n);
    for (int i = start; i < start + n; i++) {
      if (in.at(i) < 0) {
        if (!UnsafeByteOperations.unsafeWrap(in.buffer(), start, n).isValidUtf8()) {
          throw new RowFormatException("stored row has a string that is not UTF-8 at " + start);
        }
        break;
      }
    }
    return n;
  }

  /** The size of a length-delimited payload of {@code n} bytes with its length prefix. */
  private static int delimitedSize(int n) {
    return CodedOutputStream.computeUInt32SizeNoTag(n) + n;
  }

  /** The size of a list message whose one packed field holds {@code packed} bytes. */
  private static int packedFieldSize(int packed) {
    return packed == 0 ? 0 : 1 + delimitedSize(packed);
  }

  @Override
  public long eventTimeMicros() {
    return eventTimeMicros;
  }

  @Override
  public long createdTimeMicros() {
    return getLong(9) ^ Long.MIN_VALUE;
  }

  @Override
  public int valueCount() {
    return offsets.length;
  }

  @Override
  public boolean isNull(int index) {
    return bytes[offsets[index]] == 0;
  }

  @Override
  public int valueWireSize(int index) {
    return wireSizes[index];
  }

  @Override
  public void writeValue(int index, CodedOutputStream out) throws IOException {
    int pos = offsets[index];
    int tag = bytes[pos++];
    switch (tag) {
      case 0 -> {}
      case Value.BOOL_VAL_FIELD_NUMBER -> out.writeBool(tag, bytes[pos] != 0);
      case Value.INT32_VAL_FIELD_NUMBER -> out.writeInt32(tag, getInt(pos));
      case Value.INT64_VAL_FIELD_NUMBER, Value.TIMESTAMP_MICROS_VAL_FIELD_NUMBER ->
          out.writeInt64(tag, getLong(pos));
      case Value.FLOAT_VAL_FIELD_NUMBER -> out.writeFixed32(tag, getInt(pos));
      case Value.DOUBLE_VAL_FIELD_NUMBER -> out.writeFixed64(tag, getLong(pos));
      case Value.STRING_VAL_FIELD_NUMBER, Value.BYTES_VAL_FIELD_NUMBER -> {
        out.writeTag(tag, LENGTH_DELIMITED);
        writeDelimited(pos, out);
      }
      case Value.STRING_LIST_VAL_FIELD_NUMBER -> writeStringList(pos, out);
      default -> writeNumberList(tag, pos, out);
    }
  }

  /** Writes a STRING_LIST value starting at its stored count. */
  private void writeStringList(int pos, CodedOutputStream out) throws IOException {
    int n = varint(pos);
    pos += CodedOutputStream.computeUInt32SizeNoTag(n);
    int body = 0;
    for (int i = 0, p = pos; i < n; i++) {
      int length = varint(p);
      int delimited = delimitedSize(length);
      body += 1 + delimited;
      p += delimited;
    }
    out.writeTag(Value.STRING_LIST_VAL_FIELD_NUMBER, LENGTH_DELIMITED);
    out.writeUInt32NoTag(body);
    for (; n > 0; n--) {
      out.writeTag(1, LENGTH_DELIMITED);
      pos = writeDelimited(pos, out);
    }
  }

  /** Writes an INT32, INT64, FLOAT or DOUBLE list starting at its stored count. */
  private void writeNumberList(int tag, int pos, CodedOutputStream out) throws IOException {
    int n = varint(pos);
    pos += CodedOutputStream.computeUInt32SizeNoTag(n);
    int packed =
        switch (tag) {
          case Value.INT32_LIST_VAL_FIELD_NUMBER -> {
            int size = 0;
            for (int i = 0; i < n; i++) {
              size += CodedOutputStream.computeInt32SizeNoTag(getInt(pos + 4 * i));
            }
            yield size;
          }
          case Value.INT64_LIST_VAL_FIELD_NUMBER -> {
            int size = 0;
            for (int i = 0; i < n; i++) {
              size += CodedOutputStream.computeInt64SizeNoTag(getLong(pos + 8 * i));
            }
            yield size;
          }
          case Value.FLOAT_LIST_VAL_FIELD_NUMBER -> 4 * n;
          default -> 8 * n;
        };
    out.writeTag(tag, LENGTH_DELIMITED);
    out.writeUInt32NoTag(packedFieldSize(packed));
    if (n == 0) {
      return;
    }
    out.writeTag(1, LENGTH_DELIMITED);
    out.writeUInt32NoTag(packed);
    for (; n > 0; n--) {
      switch (tag) {
        case Value.INT32_LIST_VAL_FIELD_NUMBER -> {
          out.writeInt32NoTag(getInt(pos));
          pos += 4;
        }
        case Value.INT64_LIST_VAL_FIELD_NUMBER -> {
          out.writeInt64NoTag(getLong(pos));
          pos += 8;
        }
        case Value.FLOAT_LIST_VAL_FIELD_NUMBER -> {
          out.writeFixed32NoTag(getInt(pos));
          pos += 4;
        }
        default -> {
          out.writeFixed64NoTag(getLong(pos));
          pos += 8;
        }
      }
    }
  }

  /** Writes the stored length-prefixed bytes at {@code pos}; returns the position after them. */
  private int writeDelimited(int pos, CodedOutputStream out) throws IOException {
    int n = varint(pos);
    pos += CodedOutputStream.computeUInt32SizeNoTag(n);
    out.writeUInt32NoTag(n);
    out.writeRawBytes(bytes, pos, n);
    return pos + n;
  }

  private int varint(int pos) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = bytes[pos++];
      v |= (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }

  private int getInt(int pos) {
    return (bytes[pos] & 0xFF) << 24
        | (bytes[pos + 1] & 0xFF) << 16
        | (bytes[pos + 2] & 0xFF) << 8
        | (bytes[pos + 3] & 0xFF);
  }

  private long getLong(int pos) {
    return (long) getInt(pos) << 32 | (getInt(pos + 4) & 0xFFFF_FFFFL);
  }

  @Override
  public OnlineRow decode() {
    Value[] values = new Value[offsets.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = isNull(i) ? Value.getDefaultInstance() : parse(i);
    }
    return new OnlineRow(
        eventTimeMicros, createdTimeMicros(), Collections.unmodifiableList(Arrays.asList(values)));
  }

  private Value parse(int index) {
    byte[] wire = new byte[wireSizes[index]];
    CodedOutputStream out = CodedOutputStream.newInstance(wire);
    try {
      writeValue(index, out);
      out.checkNoSpaceLeft();
      return Value.parseFrom(wire);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a scanned row wrote an unreadable value", e);
    } catch (IOException e) {
      throw new IllegalStateException("a scanned row wrote more than its wire size", e);
    }
  }
}
