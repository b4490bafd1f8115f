package dev.larder.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One materialization of a feature view version recorded in the registry: the newest rows of the
 * event-time interval {@code [start, end)} were copied from the offline to the online store.
 *
 * @param start first event time of the interval (inclusive), at microsecond precision
 * @param end end of the interval (exclusive), at microsecond precision
 * @param rowsWritten rows the online store stored because they were newer than what it held
 * @param materializedBy who ran it, e.g. {@code user@host}
 * @param materializedAt when the registry recorded it
 * @throws IllegalArgumentException if {@code start} is not before {@code end} or {@code
 *     rowsWritten} is negative
 */
public record MaterializedInterval(
    String project,
    String view,
    int version,
    Instant start,
    Instant end,
    long rowsWritten,
    String materializedBy,
    Instant materializedAt) {
  public MaterializedInterval {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(materializedBy, "materializedBy");
    Objects.requireNonNull(materializedAt, "materializedAt");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "materialized interval start " + start + " must be before its end " + end);
    }
    if (rowsWritten < 0) {
      throw new IllegalArgumentException("rowsWritten must be >= 0, was " + rowsWritten);
    }
  }
}
