package dev.larder.storage.offline;

import dev.larder.proto.types.v1.Value;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which rows of a snapshot to read: all of them, or those in a time range, in a set of {@code
 * event_date} partitions, of a set of entities, or any combination (rows must match every part
 * given). Build one from {@link #all()} and the {@code with…} methods.
 *
 * @param range event times to read; null for any
 * @param dates partitions to read; null for all
 * @param entities entities to read, each its join-key values in the view's order; null for all
 */
public record ReadFilter(TimeRange range, Set<LocalDate> dates, Set<List<Value>> entities) {

  private static final ReadFilter ALL = new ReadFilter(null, null, null);

  public ReadFilter {
    dates = dates == null ? null : Set.copyOf(dates);
    entities = entities == null ? null : Set.copyOf(entities);
  }

  /** Every row. */
  public static ReadFilter all() {
    return ALL;
  }

  /** Rows with an event time in {@code [start, end)}. */
  public static ReadFilter between(Instant start, Instant end) {
    return ALL.withRange(new TimeRange(start, end));
  }

  public ReadFilter withRange(TimeRange range) {
    return new ReadFilter(range, dates, entities);
  }

  public ReadFilter withDates(Collection<LocalDate> dates) {
    return new ReadFilter(range, Set.copyOf(dates), entities);
  }

  public ReadFilter withEntities(Collection<List<Value>> entities) {
    return new ReadFilter(range, dates, Set.copyOf(entities));
  }

  /** True when a row passes every part of this filter. */
  public boolean matches(OfflineRow row, LocalDate eventDate) {
    return (range == null || range.contains(row.eventTimeMicros()))
        && (dates == null || dates.contains(eventDate))
        && (entities == null || entities.contains(row.entity()));
  }
}
