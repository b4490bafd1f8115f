package dev.larder.server.serving;

import dev.larder.proto.serving.v1.FieldStatus;
import java.util.List;

/**
 * How many values of each status one request served, per view. Not thread-safe: one per request.
 */
public final class StatusCounts {
  /** The statuses a served value can have, in a fixed order. */
  public static final List<FieldStatus> STATUSES =
      List.of(
          FieldStatus.PRESENT,
          FieldStatus.NULL_VALUE,
          FieldStatus.NOT_FOUND,
          FieldStatus.OUTSIDE_MAX_AGE,
          FieldStatus.DEFAULTED,
          FieldStatus.STALE);

  private final long[][] counts;

  StatusCounts(int views) {
    counts = new long[views][FieldStatus.values().length];
  }

  /** Counts one value of a view with the status of number {@code status}. */
  void add(int view, int status) {
    counts[view][status]++;
  }

  public long count(int view, FieldStatus status) {
    return counts[view][status.getNumber()];
  }
}
