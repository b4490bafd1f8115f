package dev.larder.pipelines.transform;

import java.util.Comparator;

/**
 * The order in which an entity's events are applied (DESIGN §2): by event time, then by id field,
 * then by where they were read (file, line), which only matters for sources without an id field.
 */
public final class EventOrder {

  /** Event time, then id, then file and line. */
  public static final Comparator<Event> APPLY =
      Comparator.comparingLong(Event::eventTimeMicros)
          .thenComparing(Event::id, EventOrder::compareIds)
          .thenComparing(Event::file)
          .thenComparingLong(Event::line);

  /** Where an event was read: file, then line. Among duplicates, the first read is kept. */
  public static final Comparator<Event> READ =
      Comparator.comparing(Event::file).thenComparingLong(Event::line);

  private EventOrder() {}

  /**
   * Compares id values: numbers numerically, strings lexicographically (by UTF-16 code unit), null
   * first; a number sorts before a string.
   */
  public static int compareIds(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Long.compare(x.longValue(), y.longValue());
    }
    if (a instanceof Number) {
      return -1;
    }
    if (b instanceof Number) {
      return 1;
    }
    return a.toString().compareTo(b.toString());
  }
}
