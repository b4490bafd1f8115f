package dev.larder.pipelines.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One entity's events waiting for the watermark, and its {@link EntityAggregator}: what the
 * streaming job keeps per entity, as one state value so that an event costs one state look-up. An
 * event is buffered until the watermark passes its millisecond, then applied with the other events
 * the watermark has passed, in {@link EventOrder#APPLY} order. Not thread-safe.
 */
public final class OrderedEntity {

  /** {@link #earliestMillis()} when nothing is buffered. */
  public static final long NONE = Long.MAX_VALUE;

  private final EntityAggregator aggregator;
  private final ArrayList<Event> pending;

  /** An entity with no events yet. */
  public OrderedEntity(ViewProgram program) {
    this(new EntityAggregator(program), new ArrayList<>(2));
  }

  private OrderedEntity(EntityAggregator aggregator, ArrayList<Event> pending) {
    this.aggregator = aggregator;
    this.pending = pending;
  }

  /** An entity in the state that {@link #aggregator()} and {@link #pending()} gave. */
  public static OrderedEntity restore(EntityAggregator aggregator, List<Event> pending) {
    return new OrderedEntity(aggregator, new ArrayList<>(pending));
  }

  /** The entity's aggregator; the caller must not change it. */
  public EntityAggregator aggregator() {
    return aggregator;
  }

  /** The buffered events, in arrival order; the caller must not change the list. */
  public List<Event> pending() {
    return pending;
  }

  /**
   * Whether {@code e} can no longer be applied in order: the watermark has passed its millisecond,
   * or it is not after the last event applied (after a restart the watermark starts from nothing).
   */
  public boolean isLate(Event e, long watermarkMillis) {
    return millis(e) <= watermarkMillis || e.eventTimeMicros() <= aggregator.appliedUpToMicros();
  }

  /**
   * Buffers an event that is not {@link #isLate late}.
   *
   * @return true when it is now the earliest buffered millisecond, so that a timer is due there
   */
  public boolean buffer(Event e) {
    boolean earliest = millis(e) < earliestMillis();
    pending.add(e);
    return earliest;
  }

  /** The millisecond of the earliest buffered event, or {@link #NONE}. */
  public long earliestMillis() {
    long earliest = NONE;
    for (int i = 0; i < pending.size(); i++) {
      earliest = Math.min(earliest, millis(pending.get(i)));
    }
    return earliest;
  }

  /**
   * Applies the buffered events at or before {@code watermarkMillis}, in {@link EventOrder#APPLY}
   * order, and passes the rows they complete to {@code rows}; the row of the last one is complete
   * too, since the watermark promises no more events at its time.
   *
   * @return whether any event was applied
   */
  public boolean applyUpTo(long watermarkMillis, Consumer<FeatureRow> rows) {
    List<Event> ready = new ArrayList<>(pending.size());
    int kept = 0;
    for (int i = 0; i < pending.size(); i++) {
      Event e = pending.get(i);
      if (millis(e) <= watermarkMillis) {
        ready.add(e);
      } else {
        pending.set(kept++, e);
      }
    }
    if (ready.isEmpty()) {
      return false;
    }
    pending.subList(kept, pending.size()).clear();
    ready.sort(EventOrder.APPLY);
    for (Event e : ready) {
      aggregator.accept(e).ifPresent(rows);
    }
    aggregator.finish().ifPresent(rows);
    return true;
  }

  private static long millis(Event e) {
    return Math.floorDiv(e.eventTimeMicros(), 1000L);
  }
}
