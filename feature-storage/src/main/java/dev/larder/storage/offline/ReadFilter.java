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
 * @param keyBounds the smallest and greatest value of each join key to read; null for any. Where
 *     {@code entities} would be a large set, these bounds prune files as cheaply as one entity.
 */
public record ReadFilter(
    TimeRange range, Set<LocalDate> dates, Set<List<Value>> entities, KeyBounds keyBounds) {

  private static final ReadFilter ALL = new ReadFilter(null, null, null, null);

  /**
   * Per join key, in the view's order, the smallest and the greatest value of interest (ordered as
   * file statistics order them: integers by value, strings by code point).
   */
  public record KeyBounds(List<Value> min, List<Value> max) {
    public KeyBounds {
      min = List.copyOf(min);
      max = List.copyOf(max);
      if (min.size() != max.size()) {
        throw new IllegalArgumentException(
            "key bounds need as many minimums as maximums, got " + min + " and " + max);
      }
    }

    /** True when each join-key value of the entity lies within its bounds. */
    public boolean contain(List<Value> entity) {
      return mayOverlap(entity, entity);
    }

    /**
     * True when the box of entities from {@code lowest} to {@code highest} (per join key) meets
     * these bounds; a null entry in either list is unknown and meets anything.
     */
    public boolean mayOverlap(List<Value> lowest, List<Value> highest) {
      for (int k = 0; k < min.size() && k < lowest.size(); k++) {
        if (highest.get(k) != null && KeyOrder.compare(highest.get(k), min.get(k)) < 0) {
          return false;
        }
        if (lowest.get(k) != null && KeyOrder.compare(lowest.get(k), max.get(k)) > 0) {
          return false;
        }
      }
      return true;
    }
  }

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
    return new ReadFilter(range, dates, entities, keyBounds);
  }

  public ReadFilter withDates(Collection<LocalDate> dates) {
    return new ReadFilter(range, Set.copyOf(dates), entities, keyBounds);
  }

  public ReadFilter withEntities(Collection<List<Value>> entities) {
    return new ReadFilter(range, dates, Set.copyOf(entities), keyBounds);
  }

  public ReadFilter withKeyBounds(KeyBounds keyBounds) {
    return new ReadFilter(range, dates, entities, keyBounds);
  }

  /** True when a row passes every part of this filter. */
  public boolean matches(OfflineRow row, LocalDate eventDate) {
    return (range == null || range.contains(row.eventTimeMicros()))
        && (dates == null || dates.contains(eventDate))
        && (entities == null || entities.contains(row.entity()))
        && (keyBounds == null || keyBounds.contain(row.entity()));
  }
}
