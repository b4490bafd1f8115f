package dev.larder.server.serving;

import dev.larder.proto.serving.v1.FieldStatus;

/**
 * How many values of each status one request served, per view. Not thread-safe: one per request.
 */
public final class StatusCounts {
  private static final FieldStatus[] STATUSES = {
    FieldStatus.PRESENT,
    FieldStatus.NULL_VALUE,
    FieldStatus.NOT_FOUND,
    FieldStatus.OUTSIDE_MAX_AGE,
    FieldStatus.DEFAULTED,
    FieldStatus.STALE
  };

  private final long[][] counts;

  StatusCounts(int views) {
    counts = new long[views][FieldStatus.values().length];
  }

  void add(int view, FieldStatus status) {
    counts[view][status.getNumber()]++;
  }

  /** The statuses a value can have, in a fixed order. */
  public static FieldStatus[] statuses() {
    return STATUSES.clone();
  }

  public long count(int view, FieldStatus status) {
    return counts[view][status.getNumber()];
  }
}
