package dev.larder.pipelines.transform;

import dev.larder.pipelines.transform.ViewProgram.FeatureProgram;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Computes one entity's feature rows from its events, fed one at a time in {@link EventOrder#APPLY}
 * order (DESIGN §2): for each distinct event time {@code e}, one row stamped {@code e} whose
 * aggregations cover the entity's events with times in {@code (e - window, e]} (all events so far
 * for all-time features), with same-time events applied in id order, and whose copied columns come
 * from the last event at {@code e}.
 *
 * <p>A row is complete only when no more events at its time can come, so {@link #accept} returns
 * the previous time's row when an event starts a new time, and {@link #finish} returns the last
 * one. Windowed aggregations are recomputed from the events still in the window, in event order, so
 * that floating-point sums do not drift with evictions; all-time ones are folded incrementally.
 * Memory is the events of the longest window. Not thread-safe: one per entity (a keyed operator's
 * state in the streaming job).
 */
public final class EntityAggregator {

  private final ViewProgram program;
  private final long longestWindow;
  private final ArrayDeque<Event> window = new ArrayDeque<>();
  private final Accumulator[] allTime;
  private Event last;
  private boolean pending;

  /**
   * What an aggregator holds between events, as plain values, so that a streaming job can keep it
   * in checkpointed state.
   *
   * @param window the events of the longest window, oldest first
   * @param allTime per feature, the state of its all-time accumulator, or null for other features
   * @param last the last event applied, or null before the first
   * @param pending whether the row of {@code last}'s time is still to be emitted
   */
  public record Snapshot(
      List<Event> window, List<List<Object>> allTime, Event last, boolean pending) {}

  public EntityAggregator(ViewProgram program) {
    this.program = program;
    this.longestWindow = program.longestWindowMicros();
    List<FeatureProgram> features = program.features();
    this.allTime = new Accumulator[features.size()];
    for (int i = 0; i < allTime.length; i++) {
      FeatureProgram f = features.get(i);
      if (!f.copiesColumn() && !f.windowed()) {
        allTime[i] = Accumulator.of(f.function(), f.column() < 0);
      }
    }
  }

  /**
   * Applies the next event of this entity.
   *
   * @return the row of the previous event time, when this event is the first at a later time
   * @throws IllegalArgumentException if the event comes before the previous one in {@link
   *     EventOrder#APPLY} order
   */
  public Optional<FeatureRow> accept(Event e) {
    Optional<FeatureRow> done = Optional.empty();
    if (last != null) {
      if (EventOrder.APPLY.compare(last, e) > 0) {
        throw new IllegalArgumentException(
            "events out of order for entity "
                + e.entityKey()
                + ": "
                + e.eventTimeMicros()
                + " after "
                + last.eventTimeMicros());
      }
      if (pending && e.eventTimeMicros() > last.eventTimeMicros()) {
        done = Optional.of(row());
        pending = false;
      }
    }
    List<FeatureProgram> features = program.features();
    for (int i = 0; i < allTime.length; i++) {
      if (allTime[i] != null) {
        allTime[i].add(cell(e, features.get(i)));
      }
    }
    if (longestWindow > 0) {
      window.addLast(e);
    }
    last = e;
    pending = true;
    return done;
  }

  /** An aggregator of {@code program} in the state {@link #snapshot()} gave. */
  public static EntityAggregator restore(ViewProgram program, Snapshot snapshot) {
    EntityAggregator agg = new EntityAggregator(program);
    agg.window.addAll(snapshot.window());
    for (int i = 0; i < agg.allTime.length; i++) {
      if (agg.allTime[i] != null) {
        agg.allTime[i].restore(snapshot.allTime().get(i));
      }
    }
    agg.last = snapshot.last();
    agg.pending = snapshot.pending();
    return agg;
  }

  /** What this aggregator holds, for {@link #restore}. */
  public Snapshot snapshot() {
    List<List<Object>> states = new ArrayList<>(allTime.length);
    for (Accumulator a : allTime) {
      states.add(a == null ? null : a.state());
    }
    return new Snapshot(new ArrayList<>(window), states, last, pending);
  }

  /**
   * The event time of the last event applied, microseconds since the epoch; {@link Long#MIN_VALUE}
   * before the first. An event at or before it can no longer be applied in order.
   */
  public long appliedUpToMicros() {
    return last == null ? Long.MIN_VALUE : last.eventTimeMicros();
  }

  /** The row of the last event time, if one is still to be emitted; call at end of input. */
  public Optional<FeatureRow> finish() {
    if (!pending) {
      return Optional.empty();
    }
    pending = false;
    return Optional.of(row());
  }

  private FeatureRow row() {
    long t = last.eventTimeMicros();
    while (!window.isEmpty() && window.peekFirst().eventTimeMicros() <= t - longestWindow) {
      window.removeFirst();
    }
    List<FeatureProgram> features = program.features();
    List<Object> values = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      FeatureProgram f = features.get(i);
      if (f.copiesColumn()) {
        values.add(last.columns().get(f.column()));
      } else if (allTime[i] != null) {
        values.add(allTime[i].result());
      } else {
        values.add(windowed(f, t));
      }
    }
    return new FeatureRow(program.entity(last), t, values);
  }

  private Object windowed(FeatureProgram f, long t) {
    Accumulator acc = Accumulator.of(f.function(), f.column() < 0);
    long from = t - f.windowMicros();
    Iterator<Event> it = window.iterator();
    while (it.hasNext()) {
      Event e = it.next();
      if (e.eventTimeMicros() > from) {
        acc.add(cell(e, f));
      }
    }
    return acc.result();
  }

  private static Object cell(Event e, FeatureProgram f) {
    return f.column() < 0 ? Boolean.TRUE : e.columns().get(f.column());
  }
}
