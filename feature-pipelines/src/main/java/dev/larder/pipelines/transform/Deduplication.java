package dev.larder.pipelines.transform;

/** Which of two events with the same id a pipeline keeps: the first read. */
public final class Deduplication {

  private Deduplication() {}

  /** Of two events with the same id, the one read first ({@link EventOrder#READ}). */
  public static Event first(Event a, Event b) {
    return EventOrder.READ.compare(a, b) <= 0 ? a : b;
  }

  /**
   * The identity of an id value: ids of different Java types that compare equal (an {@code Integer}
   * and a {@code Long}) are one id.
   */
  public static Object idKey(Object id) {
    return id instanceof Number n ? (Object) n.longValue() : id;
  }
}
