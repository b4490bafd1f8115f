package dev.larder.pipelines.types;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes the plain Java values of events and rows ({@code Boolean}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code String}, {@code byte[]}, a {@code List} of these, or null)
 * as a one-byte tag and the value. Stateless and thread-safe.
 */
final class PlainValues {

  private static final byte NULL = 0;
  private static final byte BOOLEAN = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte FLOAT = 4;
  private static final byte DOUBLE = 5;
  private static final byte STRING = 6;
  private static final byte BYTES = 7;
  private static final byte LIST = 8;

  private PlainValues() {}

  /**
   * @throws IllegalArgumentException for a value of another type
   */
  static void write(Object v, DataOutputView out) throws IOException {
    if (v == null) {
      out.writeByte(NULL);
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      StringValue.writeString(s, out);
    } else if (v instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (v instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (v instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (v instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (v instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeFloat(f);
    } else if (v instanceof byte[] bytes) {
      out.writeByte(BYTES);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else if (v instanceof List<?> list) {
      out.writeByte(LIST);
      writeList(list, out);
    } else {
      throw new IllegalArgumentException("not a plain value: " + v.getClass().getName());
    }
  }

  static Object read(DataInputView in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case BOOLEAN -> in.readBoolean();
      case INT -> in.readInt();
      case LONG -> in.readLong();
      case FLOAT -> in.readFloat();
      case DOUBLE -> in.readDouble();
      case STRING -> StringValue.readString(in);
      case BYTES -> {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        yield bytes;
      }
      case LIST -> readList(in);
      default -> throw new IOException("unknown value tag " + tag);
    };
  }

  /** A list as its size and its values; a null list as size -1. */
  static void writeList(List<?> list, DataOutputView out) throws IOException {
    if (list == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(list.size());
    for (Object v : list) {
      write(v, out);
    }
  }

  /** A mutable list, or null. */
  static List<Object> readList(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    List<Object> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(read(in));
    }
    return list;
  }
}
