package dev.larder.storage.online.redis;

import com.google.protobuf.ByteString;
import java.util.Arrays;

/** A growable big-endian output buffer for {@link RowCodec}; one per encode, not thread-safe. */
final class ByteSink {
  private byte[] buf;
  private int pos;

  ByteSink(int capacity) {
    buf = new byte[capacity];
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  void put(byte b) {
    ensure(1);
    buf[pos++] = b;
  }

  void putInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
  }

  void putLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (v >>> shift);
    }
  }

  void putVarint(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  void putBytes(ByteString bytes) {
    putVarint(bytes.size());
    ensure(bytes.size());
    bytes.copyTo(buf, pos);
    pos += bytes.size();
  }

  byte[] toByteArray() {
    return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
  }
}
