package dev.larder.storage.offline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A half-open interval of event time, {@code [start, end)}, at microsecond precision.
 *
 * @throws IllegalArgumentException if {@code start} is not before {@code end}
 */
public record TimeRange(Instant start, Instant end) {
  public TimeRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "time range start " + start + " must be before its end " + end);
    }
  }

  /** The start, microseconds since the epoch, rounded up to a whole microsecond. */
  public long startMicros() {
    return ceilMicros(start);
  }

  /** The (exclusive) end, microseconds since the epoch, rounded up to a whole microsecond. */
  public long endMicros() {
    return ceilMicros(end);
  }

  /** True when an event time, in microseconds since the epoch, lies in the range. */
  public boolean contains(long eventTimeMicros) {
    return eventTimeMicros >= startMicros() && eventTimeMicros < endMicros();
  }

  /** The UTC dates that the range touches, in order. */
  public Set<LocalDate> dates() {
    LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
    Set<LocalDate> dates = new TreeSet<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      dates.add(d);
    }
    return dates;
  }

  private static long ceilMicros(Instant t) {
    // getNano() is never negative, so this rounds up before the epoch too.
    return Math.addExact(
        Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 999) / 1000);
  }
}
