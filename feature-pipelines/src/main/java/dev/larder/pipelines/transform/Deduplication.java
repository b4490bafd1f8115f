package dev.larder.pipelines.transform;

/** Which of two events with the same id a pipeline keeps: the first read. */
public final class Deduplication {

  private Deduplication() {}

  /** Of two events with the same id, the one read first ({@link EventOrder#READ}). */
  public static Event first(Event a, Event b) {
    return EventOrder.READ.compare(a, b) <= 0 ? a : b;
  }
}
