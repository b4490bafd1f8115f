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
  private static final int STRING_LENGTH_BYTES = 4;
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
    return probe(hash(buf, len), buf, 0, len, false);
  }

  /**
   * Looks up many single-string keys at once: for each {@code i < count}, {@code ids[idsAt + i]}
   * becomes what {@link #find} gives for the string {@code bytes[starts[i], starts[i] +
   * lengths[i])} encoded as the only key ({@link KeyEncoder#addBinary}), or -1 when {@code
   * starts[i]} is negative (a null key). The work is done in passes over all the keys (hashes,
   * first slots, entries, then comparisons), so that the cache misses of different keys overlap
   * rather than follow one another: with a large dictionary they are most of a lookup's cost.
   *
   * @param scratch reusable space, one per thread
   */
  void findStrings(
      byte[] bytes, int[] starts, int[] lengths, int count, int[] ids, int idsAt, Scratch scratch) {
    int[] hashes = scratch.hashes(count);
    long[] firstSlots = scratch.slots;
    int[] entryLengths = scratch.lengths;
    long[] table = slots;
    int mask = table.length - 1;
    for (int i = 0; i < count; i++) {
      hashes[i] = starts[i] < 0 ? 0 : hashString(bytes, starts[i], lengths[i]);
    }
    for (int i = 0; i < count; i++) {
      firstSlots[i] = table[hashes[i] & mask];
    }
    byte[] entryBytes = entries;
    for (int i = 0; i < count; i++) {
      long slot = firstSlots[i];
      entryLengths[i] = slot == 0 ? -1 : (int) INT.get(entryBytes, (int) slot - 1 + 4);
    }
    for (int i = 0; i < count; i++) {
      int start = starts[i];
      if (start < 0) {
        ids[idsAt + i] = -1;
        continue;
      }
      int n = lengths[i];
      long slot = firstSlots[i];
      int h = hashes[i];
      if (slot != 0
          && (int) (slot >>> 32) == h
          && entryLengths[i] == STRING_LENGTH_BYTES + n
          && holds((int) slot - 1, bytes, start, n, true)) {
        ids[idsAt + i] = (int) INT.get(entryBytes, (int) slot - 1);
      } else {
        ids[idsAt + i] = slot == 0 ? -1 : probe(h, bytes, start, n, true);
      }
    }
  }

  /** Space for {@link #findStrings}, grown as needed and reused between calls. */
  static final class Scratch {
    private int[] hashes = new int[0];
    private long[] slots = new long[0];
    private int[] lengths = new int[0];

    private int[] hashes(int count) {
      if (hashes.length < count) {
        int n = Math.max(count, hashes.length * 2);
        hashes = new int[n];
        slots = new long[n];
        lengths = new int[n];
      }
      return hashes;
    }
  }

  /**
   * The id of the key in {@code bytes[start, start + n)}, whose hash is {@code h}, probing its
   * whole chain; -1 when it is absent. A {@code bare} key is a single string without the length
   * {@link KeyEncoder} puts before it (see {@link #holds}).
   */
  private int probe(int h, byte[] bytes, int start, int n, boolean bare) {
    int mask = slots.length - 1;
    for (int s = h & mask; ; s = (s + 1) & mask) {
      long slot = slots[s];
      if (slot == 0) {
        return -1;
      }
      int at = (int) slot - 1;
      if ((int) (slot >>> 32) == h && holds(at, bytes, start, n, bare)) {
        return (int) INT.get(entries, at);
      }
    }
  }

  /**
   * True when the entry at {@code at} holds the key in {@code bytes[start, start + n)}; for a
   * {@code bare} key, the entry of that single string as {@link KeyEncoder#addBinary} encodes it:
   * its length, big-endian, then its bytes.
   */
  private boolean holds(int at, byte[] bytes, int start, int n, boolean bare) {
    int key = at + HEADER;
    int length = (int) INT.get(entries, at + 4);
    if (bare) {
      key += STRING_LENGTH_BYTES;
      if (length != STRING_LENGTH_BYTES + n || (int) INT.get(entries, at + HEADER) != n) {
        return false;
      }
    } else if (length != n) {
      return false;
    }
    return Arrays.equals(entries, key, key + n, bytes, start, start + n);
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
      if ((int) (slot >>> 32) == h && holds(at, buf, 0, len, false)) {
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
    return spread(hashBytes(1, buf, 0, len));
  }

  /** {@link #hash} of a string encoded as the only key: its length, big-endian, then its bytes. */
  private static int hashString(byte[] bytes, int start, int n) {
    int h = 1;
    h = 31 * h + (byte) (n >>> 24);
    h = 31 * h + (byte) (n >>> 16);
    h = 31 * h + (byte) (n >>> 8);
    h = 31 * h + (byte) n;
    return spread(hashBytes(h, bytes, start, start + n));
  }

  private static int hashBytes(int h, byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  /** Spreads the bits: ids of similar keys ("c1", "c2", ...) must not cluster in the table. */
  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
