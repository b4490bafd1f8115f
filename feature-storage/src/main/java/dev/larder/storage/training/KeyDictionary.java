package dev.larder.storage.training;

import dev.larder.registry.errors.InvalidArgumentException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Dense ids for entity keys: each distinct encoded key (the bytes a {@link KeyEncoder} builds) gets
 * the next id from 0. An open-addressing table whose slots hold each key's hash and the place of
 * its entry (id, length, bytes) in one shared array, so that a lookup touches two places in memory
 * and allocates nothing: with hundreds of thousands of keys, lookups cost cache misses rather than
 * instructions. Not thread-safe for {@link #add}; {@link #find} may run on several threads once
 * adding is over.
 */
final class KeyDictionary {

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final int HEADER = 8;
  private static final int MAX_ENTRIES_BYTES = Integer.MAX_VALUE - 16;

  /**
   * Per slot: the key's hash in the high half, its entry's offset plus one in the low; 0 if free.
   */
  private long[] slots = new long[2048];

  /** The entries, one after another: id (4 bytes), key length (4 bytes), key bytes. */
  private byte[] entries = new byte[16 * 1024];

  private int used;
  private int[] offsets = new int[1024];
  private int size;

  /** The number of distinct keys. */
  int size() {
    return size;
  }

  /** The id of the key in {@code buf[0, len)}, or -1 when it was never added. */
  int find(byte[] buf, int len) {
    int h = hash(buf, len);
    int mask = slots.length - 1;
    for (int s = h & mask; ; s = (s + 1) & mask) {
      long slot = slots[s];
      if (slot == 0) {
        return -1;
      }
      int at = (int) slot - 1;
      if ((int) (slot >>> 32) == h && holds(at, buf, len)) {
        return (int) INT.get(entries, at);
      }
    }
  }

  /** The id of the key in {@code buf[0, len)}, adding it when it is new. */
  int add(byte[] buf, int len) {
    int h = hash(buf, len);
    int mask = slots.length - 1;
    int s = h & mask;
    for (; ; s = (s + 1) & mask) {
      long slot = slots[s];
      if (slot == 0) {
        break;
      }
      int at = (int) slot - 1;
      if ((int) (slot >>> 32) == h && holds(at, buf, len)) {
        return (int) INT.get(entries, at);
      }
    }
    if ((long) used + HEADER + len > MAX_ENTRIES_BYTES) {
      throw new InvalidArgumentException(
          "entities: the distinct join keys exceed 2 GiB; split the entity file");
    }
    if (used + HEADER + len > entries.length) {
      long grown = Math.max((long) entries.length * 2, (long) used + HEADER + len);
      entries = Arrays.copyOf(entries, (int) Math.min(grown, MAX_ENTRIES_BYTES));
    }
    if (size == offsets.length) {
      offsets = Arrays.copyOf(offsets, size * 2);
    }
    int id = size++;
    int at = used;
    INT.set(entries, at, id);
    INT.set(entries, at + 4, len);
    System.arraycopy(buf, 0, entries, at + HEADER, len);
    used += HEADER + len;
    offsets[id] = at;
    slots[s] = ((long) h << 32) | (at + 1L);
    if (size * 2 > slots.length) {
      rehash();
    }
    return id;
  }

  /** The encoded bytes of a key. */
  byte[] key(int id) {
    int at = offsets[id];
    int len = (int) INT.get(entries, at + 4);
    return Arrays.copyOfRange(entries, at + HEADER, at + HEADER + len);
  }

  private boolean holds(int at, byte[] buf, int len) {
    int start = at + HEADER;
    return (int) INT.get(entries, at + 4) == len
        && Arrays.equals(entries, start, start + len, buf, 0, len);
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long slot : old) {
      if (slot != 0) {
        int s = (int) (slot >>> 32) & mask;
        while (slots[s] != 0) {
          s = (s + 1) & mask;
        }
        slots[s] = slot;
      }
    }
  }

  private static int hash(byte[] buf, int len) {
    int h = 1;
    for (int i = 0; i < len; i++) {
      h = 31 * h + buf[i];
    }
    // Spread the bits: ids of similar keys ("c1", "c2", ...) must not cluster in the table.
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
