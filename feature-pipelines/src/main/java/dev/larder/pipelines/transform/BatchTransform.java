package dev.larder.pipelines.transform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole batch transformation in one process: dedup, per-entity ordering and aggregation, and
 * the range filter. The Flink batch job runs the same steps distributed; this is its reference and
 * the in-memory path for small inputs. Stateless and thread-safe.
 */
public final class BatchTransform {

  private BatchTransform() {}

  /**
   * Keeps, of the events sharing an id, the first read ({@link EventOrder#READ}); events without an
   * id are all kept.
   *
   * @return the kept events, in no particular order
   */
  public static List<Event> dedup(Collection<Event> events) {
    Map<Object, Event> byId = new HashMap<>();
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.id() == null) {
        out.add(e);
      } else {
        byId.merge(Deduplication.idKey(e.id()), e, Deduplication::first);
      }
    }
    out.addAll(byId.values());
    return out;
  }

  /**
   * The feature rows of already deduplicated events, keeping those stamped within {@code
   * [startMicros, endMicros)}.
   *
   * @return rows sorted by entity key, then event time
   */
  public static List<FeatureRow> rows(
      ViewProgram program, Collection<Event> events, long startMicros, long endMicros) {
    Map<String, List<Event>> byEntity = new HashMap<>();
    for (Event e : events) {
      if (e.eventTimeMicros() < endMicros) {
        byEntity.computeIfAbsent(e.entityKey(), k -> new ArrayList<>()).add(e);
      }
    }
    List<String> keys = new ArrayList<>(byEntity.keySet());
    keys.sort(null);
    List<FeatureRow> out = new ArrayList<>();
    for (String key : keys) {
      entityRows(program, byEntity.get(key), startMicros, endMicros, out::add);
    }
    return out;
  }

  /**
   * One entity's rows stamped within {@code [startMicros, endMicros)}: sorts its events by {@link
   * EventOrder#APPLY} (in place) and runs an {@link EntityAggregator} over them.
   */
  public static void entityRows(
      ViewProgram program,
      List<Event> events,
      long startMicros,
      long endMicros,
      Consumer<FeatureRow> out) {
    events.sort(EventOrder.APPLY);
    EntityAggregator agg = new EntityAggregator(program);
    for (Event e : events) {
      keep(agg.accept(e), startMicros, endMicros, out);
    }
    keep(agg.finish(), startMicros, endMicros, out);
  }

  private static void keep(
      Optional<FeatureRow> row, long start, long end, Consumer<FeatureRow> out) {
    row.filter(r -> r.eventTimeMicros() >= start && r.eventTimeMicros() < end).ifPresent(out);
  }
}
