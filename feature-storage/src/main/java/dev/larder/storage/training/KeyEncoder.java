package dev.larder.storage.training;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;

/**
 * Builds the bytes that identify an entity in a {@link KeyDictionary}: each join-key value in the
 * view's order, integers as 8 bytes, strings as their length and UTF-8 bytes, so that no two
 * distinct key tuples share an encoding. Reuses one buffer; not thread-safe.
 */
final class KeyEncoder {

  private byte[] buf = new byte[64];
  private int len;

  void reset() {
    len = 0;
  }

  void addLong(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
  }

  void addBinary(Binary v) {
    // Straight from the value's bytes: a slice of a page or dictionary is not copied out first.
    int n = v.length();
    addLength(n);
    ensure(n);
    v.toByteBuffer().get(buf, len, n);
    len += n;
  }

  /**
   * Adds row {@code r} of a join-key column read into {@code key} (whole numbers or byte strings);
   * returns false, adding nothing, when the value is null.
   */
  boolean add(ColumnVector key, int r) {
    if (key.nulls[r]) {
      return false;
    }
    if (key.kind == ColumnVector.Kind.BINARY) {
      addBinary(key.binaries[r]);
    } else {
      addLong(key.longs[r]);
    }
    return true;
  }

  void addString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    addLength(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  byte[] buffer() {
    return buf;
  }

  int length() {
    return len;
  }

  private void addLength(int n) {
    ensure(4);
    buf[len++] = (byte) (n >>> 24);
    buf[len++] = (byte) (n >>> 16);
    buf[len++] = (byte) (n >>> 8);
    buf[len++] = (byte) n;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
