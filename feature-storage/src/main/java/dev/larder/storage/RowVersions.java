package dev.larder.storage;

/**
 * The order of an entity's rows, the same in every store: the later event time is newer, and of two
 * rows with the same event time, the later created time (a recomputation).
 */
public final class RowVersions {

  private RowVersions() {}

  /** True when the row of {@code (eventMicros, createdMicros)} is newer than the other one. */
  public static boolean isNewer(
      long eventMicros, long createdMicros, long otherEventMicros, long otherCreatedMicros) {
    return eventMicros != otherEventMicros
        ? eventMicros > otherEventMicros
        : createdMicros > otherCreatedMicros;
  }
}
