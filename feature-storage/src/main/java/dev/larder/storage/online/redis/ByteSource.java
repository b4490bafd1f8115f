package dev.larder.storage.online.redis;

/**
 * A bounds-checked big-endian reader over a stored row for {@link BinaryRow}; one per decode, not
 * thread-safe. Every read that would pass the end throws {@link RowFormatException}.
 */
final class ByteSource {
  private final byte[] buf;
  private int pos;

  ByteSource(byte[] buf, int pos) {
    this.buf = buf;
    this.pos = pos;
  }

  int remaining() {
    return buf.length - pos;
  }

  private void need(int n) {
    if (n > buf.length - pos) {
      throw new RowFormatException(
          "stored row is truncated: needs "
              + n
              + " more bytes at offset "
              + pos
              + " of "
              + buf.length);
    }
  }

  byte get() {
    need(1);
    return buf[pos++];
  }

  int getInt() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  long getLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  /** A varint count of items at least {@code minItemSize} bytes each, checked against the rest. */
  int getCount(int minItemSize) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 28) {
        throw new RowFormatException("stored row has a malformed length at offset " + pos);
      }
      byte b = get();
      v |= (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
    }
    if (v < 0 || (long) v * minItemSize > remaining()) {
      throw new RowFormatException(
          "stored row declares " + v + " items but has " + remaining() + " bytes left");
    }
    return v;
  }

  /** Skips {@code n} bytes. */
  void skip(int n) {
    need(n);
    pos += n;
  }

  /** The offset of the next byte to read. */
  int position() {
    return pos;
  }

  /** The byte at an offset already read past; no bounds check beyond the array's. */
  byte at(int offset) {
    return buf[offset];
  }

  /** The whole buffer read from, shared: callers must not modify it. */
  byte[] buffer() {
    return buf;
  }
}
