package dev.larder.storage.online;

import java.util.Arrays;

/**
 * An entity's key in one online store, as the store spells it: equal keys are the same view version
 * and entity. Compact (one array and its hash, computed once), for writers that hold many keys,
 * such as a materialization's set of entities already sent. Immutable; do not modify the bytes.
 */
public final class EncodedKey {

  private final byte[] bytes;

  /** The hash, computed when first asked for; 0 until then. */
  private int hash;

  public EncodedKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The key's bytes; not a copy. */
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedKey other
        && hashCode() == other.hashCode()
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }
}
