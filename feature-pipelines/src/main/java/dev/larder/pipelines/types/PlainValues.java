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

  /**
   * The kinds of non-null value, in the order {@link #write} tries them (most frequent first), each
   * with its stored tag and how its value is written and read.
   */
  private enum Kind {
    STRING(
        6,
        String.class,
        (v, out) -> StringValue.writeString((String) v, out),
        StringValue::readString),
    LONG(3, Long.class, (v, out) -> out.writeLong((Long) v), DataInputView::readLong),
    DOUBLE(5, Double.class, (v, out) -> out.writeDouble((Double) v), DataInputView::readDouble),
    INT(2, Integer.class, (v, out) -> out.writeInt((Integer) v), DataInputView::readInt),
    BOOLEAN(
        1, Boolean.class, (v, out) -> out.writeBoolean((Boolean) v), DataInputView::readBoolean),
    FLOAT(4, Float.class, (v, out) -> out.writeFloat((Float) v), DataInputView::readFloat),
    BYTES(7, byte[].class, (v, out) -> writeBytes((byte[]) v, out), PlainValues::readBytes),
    LIST(8, List.class, (v, out) -> writeList((List<?>) v, out), PlainValues::readList);

    private static final Kind[] BY_TAG = new Kind[LIST.tag + 1];

    static {
      for (Kind k : values()) {
        BY_TAG[k.tag] = k;
      }
    }

    final byte tag;
    final Class<?> type;
    final Writer writer;
    final Reader reader;

    Kind(int tag, Class<?> type, Writer writer, Reader reader) {
      this.tag = (byte) tag;
      this.type = type;
      this.writer = writer;
      this.reader = reader;
    }
  }

  /** Writes one value of a {@link Kind}. */
  @FunctionalInterface
  private interface Writer {
    void write(Object value, DataOutputView out) throws IOException;
  }

  /** Reads one value of a {@link Kind}. */
  @FunctionalInterface
  private interface Reader {
    Object read(DataInputView in) throws IOException;
  }

  private static final Kind[] KINDS = Kind.values();

  private PlainValues() {}

  /**
   * @throws IllegalArgumentException for a value of another type
   */
  static void write(Object v, DataOutputView out) throws IOException {
    if (v == null) {
      out.writeByte(NULL);
      return;
    }
    for (Kind k : KINDS) {
      if (k.type.isInstance(v)) {
        out.writeByte(k.tag);
        k.writer.write(v, out);
        return;
      }
    }
    throw new IllegalArgumentException("not a plain value: " + v.getClass().getName());
  }

  static Object read(DataInputView in) throws IOException {
    byte tag = in.readByte();
    if (tag == NULL) {
      return null;
    }
    Kind k = tag > 0 && tag < Kind.BY_TAG.length ? Kind.BY_TAG[tag] : null;
    if (k == null) {
      throw new IOException("unknown value tag " + tag);
    }
    return k.reader.read(in);
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

  private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }
}
