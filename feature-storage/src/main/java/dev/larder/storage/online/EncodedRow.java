package dev.larder.storage.online;

import dev.larder.storage.RowVersions;

/**
 * A row checked against its view and encoded by one online store's {@link RowEncoder}, ready for
 * {@link OnlineStore#writeEncoded}. It is four small objects where an {@link EntityRow} is a dozen
 * or more, which is what lets a writer keep a whole partition's newest rows in memory without the
 * garbage collector copying them over and over. Immutable; do not modify the arrays.
 */
public final class EncodedRow {

  /** Stands for "no expiry" in {@link #expireAtMillis()}. */
  public static final long NEVER_EXPIRES = Long.MIN_VALUE;

  private final EncodedKey key;
  private final byte[] value;
  private final long eventTimeMicros;
  private final long createdTimeMicros;
  private final long expireAtMillis;

  /**
   * @param key the entity's key in the store
   * @param value the row as the store keeps it
   * @param expireAtMillis when the store may drop the row, or {@link #NEVER_EXPIRES}
   */
  public EncodedRow(
      EncodedKey key,
      byte[] value,
      long eventTimeMicros,
      long createdTimeMicros,
      long expireAtMillis) {
    this.key = key;
    this.value = value;
    this.eventTimeMicros = eventTimeMicros;
    this.createdTimeMicros = createdTimeMicros;
    this.expireAtMillis = expireAtMillis;
  }

  public EncodedKey key() {
    return key;
  }

  /** The encoded row; not a copy. */
  public byte[] value() {
    return value;
  }

  public long eventTimeMicros() {
    return eventTimeMicros;
  }

  public long createdTimeMicros() {
    return createdTimeMicros;
  }

  public long expireAtMillis() {
    return expireAtMillis;
  }

  /** True when the row expires at or before {@code nowMillis}. */
  public boolean expiredAt(long nowMillis) {
    return expireAtMillis != NEVER_EXPIRES && expireAtMillis <= nowMillis;
  }

  /**
   * True when this row is newer than {@code other}: a later event time, or the same event time and
   * a later created time, as the store compares them.
   */
  public boolean isNewerThan(EncodedRow other) {
    return RowVersions.isNewer(
        eventTimeMicros, createdTimeMicros, other.eventTimeMicros, other.createdTimeMicros);
  }
}
