package dev.larder.storage.training;

import java.util.Arrays;

/**
 * Dense ids for entity keys: each distinct encoded key (the bytes a {@link KeyEncoder} builds) gets
 * the next id from 0. An open-addressing table over byte arrays, so that looking a key up allocates
 * nothing. Not thread-safe for {@link #add}; {@link #find} may run on several threads once adding
 * is over.
 */
final class KeyDictionary {

  private byte[][] keys = new byte[1024][];
  private int[] hashes = new int[1024];
  private int[] slots = new int[2048];
  private int size;

  KeyDictionary() {
    Arrays.fill(slots, -1);
  }

  /** The number of distinct keys. */
  int size() {
    return size;
  }

  /** The id of the key in {@code buf[0, len)}, or -1 when it was never added. */
  int find(byte[] buf, int len) {
    int h = hash(buf, len);
    int mask = slots.length - 1;
    for (int s = h & mask; ; s = (s + 1) & mask) {
      int id = slots[s];
      if (id < 0) {
        return -1;
      }
      if (hashes[id] == h && equal(keys[id], buf, len)) {
        return id;
      }
    }
  }

  /** The id of the key in {@code buf[0, len)}, adding it when it is new. */
  int add(byte[] buf, int len) {
    int h = hash(buf, len);
    int mask = slots.length - 1;
    int s = h & mask;
    for (; ; s = (s + 1) & mask) {
      int id = slots[s];
      if (id < 0) {
        break;
      }
      if (hashes[id] == h && equal(keys[id], buf, len)) {
        return id;
      }
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    int id = size++;
    keys[id] = Arrays.copyOf(buf, len);
    hashes[id] = h;
    slots[s] = id;
    if (size * 2 > slots.length) {
      rehash();
    }
    return id;
  }

  /** The encoded bytes of a key. */
  byte[] key(int id) {
    return keys[id];
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    Arrays.fill(slots, -1);
    int mask = slots.length - 1;
    for (int id = 0; id < size; id++) {
      int s = hashes[id] & mask;
      while (slots[s] >= 0) {
        s = (s + 1) & mask;
      }
      slots[s] = id;
    }
  }

  private static boolean equal(byte[] key, byte[] buf, int len) {
    return key.length == len && Arrays.equals(key, 0, len, buf, 0, len);
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
