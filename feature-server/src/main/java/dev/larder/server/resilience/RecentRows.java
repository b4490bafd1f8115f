package dev.larder.server.resilience;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.protobuf.CodedOutputStream;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fallback of reads while the online store is unavailable: the rows recently served, per view
 * version and entity, in a fixed table of slots. A row takes the slot its key hashes to, replacing
 * whatever was there, and is forgotten {@code expireAfterWrite} after it was read from the store.
 * The view version is keyed by name, not by definition, so rows stay usable across additive
 * revisions of the view.
 *
 * <p>The rows are copied as bytes into a few large arrays, rings that overwrite their oldest rows
 * as they fill, not kept as objects. A server remembers every row it serves, tens of thousands a
 * second; held as objects, every one of them outlived its first young collection, which then copied
 * them all (young pauses of 60 to 300 ms every second or two in an overload benchmark). Rows in the
 * rings are never copied by the collector and cost one array write per byte. A slot whose row has
 * been overwritten answers nothing. So at most {@code maxRows} rows are kept, fewer when rows take
 * more than {@link #BYTES_PER_ROW} bytes on average (a row of ten numbers and its key take about
 * 170). Never answers with another key's row. A table of size 0 remembers nothing.
 *
 * <p>Thread-safe: the slots are split into segments, each with its ring, and a segment's lock is
 * held while a row is copied into or out of it.
 */
public final class RecentRows {

  /** Slots by default: 64 MiB of rings. */
  public static final long DEFAULT_MAX_ROWS = 200_000;

  /** How long a served row stays a fallback by default. */
  public static final Duration DEFAULT_EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);

  /** Ring bytes per slot. */
  static final int BYTES_PER_ROW = 256;

  /** The most slots: 16M, 4 GiB of rings. */
  private static final int MAX_SLOTS = 1 << 24;

  private static final int MAX_SEGMENT_BITS = 4;

  /** Fewer slots than this per segment make fewer segments. */
  private static final int MIN_SEGMENT_SLOTS = 1024;

  private final Segment[] segments;
  private final int segmentBits;
  private final int mask;
  private final long expireNanos;
  private final Ticker ticker;

  /**
   * @param maxRows the most rows kept (the table has this many slots, rounded up to a power of
   *     two), 0 to keep none
   * @param expireAfterWrite how long a row is kept after it was last read from the store
   * @param ticker the clock of expiry, in nanoseconds
   * @throws IllegalArgumentException naming the bad value
   */
  public RecentRows(long maxRows, Duration expireAfterWrite, Ticker ticker) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("fallback cache max rows must be >= 0, was " + maxRows);
    }
    if (expireAfterWrite == null || expireAfterWrite.isNegative() || expireAfterWrite.isZero()) {
      throw new IllegalArgumentException(
          "fallback cache expiry must be a positive duration, was " + expireAfterWrite);
    }
    long capped = Math.min(maxRows, MAX_SLOTS);
    int slots = (int) (capped <= 1 ? capped : Long.highestOneBit(capped - 1) << 1);
    int bits = 0;
    while (bits < MAX_SEGMENT_BITS && slots >> (bits + 1) >= MIN_SEGMENT_SLOTS) {
      bits++;
    }
    this.segmentBits = bits;
    this.mask = slots - 1;
    this.segments = new Segment[slots == 0 ? 0 : 1 << bits];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = new Segment(slots >> bits);
    }
    this.expireNanos = expireAfterWrite.toNanos();
    this.ticker = ticker;
  }

  /**
   * Remembers the rows a read returned.
   *
   * @param stored per key, the row the store returned or null; null entries are not remembered
   */
  public void remember(List<RowKey> keys, List<StoredRow> stored) {
    if (mask < 0) {
      return;
    }
    long now = ticker.read();
    for (int i = 0; i < keys.size(); i++) {
      StoredRow row = stored.get(i);
      if (row != null) {
        RowKey key = keys.get(i);
        int slot = hash(key) & mask;
        segment(slot).put(slot >>> segmentBits, key, keySize(key), row, now);
      }
    }
  }

  /** Per key, the row last remembered for it and not expired, or null. */
  public List<StoredRow> recall(List<RowKey> keys) {
    List<StoredRow> recalled = new ArrayList<>(keys.size());
    long now = ticker.read();
    for (RowKey key : keys) {
      StoredRow row = null;
      if (mask >= 0) {
        int slot = hash(key) & mask;
        row = segment(slot).get(slot >>> segmentBits, keyBytes(key), now, expireNanos);
      }
      recalled.add(row);
    }
    return recalled;
  }

  private Segment segment(int slot) {
    return segments[slot & (segments.length - 1)];
  }

  private static int hash(RowKey key) {
    FeatureView view = key.view();
    int h = view.project().hashCode();
    h = 31 * h + view.name().hashCode();
    h = 31 * h + view.version();
    List<Value> entity = key.entity();
    for (int i = 0; i < entity.size(); i++) {
      h = 31 * h + entity.get(i).hashCode();
    }
    return h ^ (h >>> 16);
  }

  /** The bytes that identify a row's key in a ring: project, view name, version, entity. */
  private static int keySize(RowKey key) {
    FeatureView view = key.view();
    int size =
        CodedOutputStream.computeStringSizeNoTag(view.project())
            + CodedOutputStream.computeStringSizeNoTag(view.name())
            + CodedOutputStream.computeInt32SizeNoTag(view.version());
    for (Value value : key.entity()) {
      size += CodedOutputStream.computeMessageSizeNoTag(value);
    }
    return size;
  }

  private static byte[] keyBytes(RowKey key) {
    byte[] bytes = new byte[keySize(key)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writeKey(key, out);
      out.checkNoSpaceLeft();
    } catch (IOException | IllegalStateException e) {
      throw new IllegalStateException("a key's size disagrees with the bytes it wrote", e);
    }
    return bytes;
  }

  private static void writeKey(RowKey key, CodedOutputStream out) throws IOException {
    FeatureView view = key.view();
    out.writeStringNoTag(view.project());
    out.writeStringNoTag(view.name());
    out.writeInt32NoTag(view.version());
    for (Value value : key.entity()) {
      out.writeMessageNoTag(value);
    }
  }

  /**
   * Some of the slots and the ring their rows are in. A row is one record in the ring: a header,
   * the wire size of each value, the key, then the values in {@code Value} wire format. Records are
   * never split at the ring's end. Positions are counted from the ring's start without wrapping, so
   * the record at {@code p} is intact while {@code end - p <= ring.length}.
   */
  private static final class Segment {

    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final int REMEMBERED = 0;
    private static final int EVENT_TIME = 8;
    private static final int CREATED_TIME = 16;
    private static final int KEY_SIZE = 24;
    private static final int VALUE_COUNT = 28;
    private static final int HEADER = 32;

    private static final long EMPTY = -1;

    private final byte[] ring;

    /** Per slot, the position of its row's record, or {@link #EMPTY}. */
    private final long[] slots;

    /** The position after the last record written. */
    private long end;

    Segment(int slots) {
      this.ring = new byte[slots * BYTES_PER_ROW];
      this.slots = new long[slots];
      Arrays.fill(this.slots, EMPTY);
    }

    /** Copies the row into the ring; the key's size is taken before the segment's lock. */
    synchronized void put(int slot, RowKey key, int keySize, StoredRow row, long now) {
      int count = row.valueCount();
      long size = HEADER + 4L * count + keySize;
      for (int i = 0; i < count; i++) {
        size += row.valueWireSize(i);
      }
      if (size > ring.length) {
        slots[slot] = EMPTY; // too large to keep; the slot must not answer with an older row
        return;
      }
      int at = (int) (end % ring.length);
      if (at + size > ring.length) {
        end += ring.length - at;
        at = 0;
      }
      LONG.set(ring, at + REMEMBERED, now);
      LONG.set(ring, at + EVENT_TIME, row.eventTimeMicros());
      LONG.set(ring, at + CREATED_TIME, row.createdTimeMicros());
      INT.set(ring, at + KEY_SIZE, keySize);
      INT.set(ring, at + VALUE_COUNT, count);
      int sizes = at + HEADER;
      for (int i = 0; i < count; i++) {
        INT.set(ring, sizes + 4 * i, row.valueWireSize(i));
      }
      int keyAt = sizes + 4 * count;
      CodedOutputStream out = CodedOutputStream.newInstance(ring, keyAt, (int) size - (keyAt - at));
      try {
        writeKey(key, out);
        for (int i = 0; i < count; i++) {
          row.writeValue(i, out);
        }
        out.checkNoSpaceLeft();
      } catch (IOException | IllegalStateException e) {
        throw new IllegalStateException("a row's sizes disagree with the bytes it wrote", e);
      }
      slots[slot] = end;
      end += size;
    }

    /** The slot's row if its key's bytes are {@code key} and it has not expired, else null. */
    synchronized StoredRow get(int slot, byte[] key, long now, long expireNanos) {
      long position = slots[slot];
      if (position == EMPTY || end - position > ring.length) {
        return null;
      }
      int at = (int) (position % ring.length);
      if (now - (long) LONG.get(ring, at + REMEMBERED) >= expireNanos) {
        return null;
      }
      int keySize = (int) INT.get(ring, at + KEY_SIZE);
      int count = (int) INT.get(ring, at + VALUE_COUNT);
      int keyAt = at + HEADER + 4 * count;
      if (!Arrays.equals(ring, keyAt, keyAt + keySize, key, 0, key.length)) {
        return null;
      }
      int[] offsets = new int[count];
      int[] sizes = new int[count];
      int valuesSize = 0;
      for (int i = 0; i < count; i++) {
        offsets[i] = valuesSize;
        sizes[i] = (int) INT.get(ring, at + HEADER + 4 * i);
        valuesSize += sizes[i];
      }
      int valuesAt = keyAt + keySize;
      return new RecalledRow(
          (long) LONG.get(ring, at + EVENT_TIME),
          (long) LONG.get(ring, at + CREATED_TIME),
          Arrays.copyOfRange(ring, valuesAt, valuesAt + valuesSize),
          offsets,
          sizes);
    }
  }
}
