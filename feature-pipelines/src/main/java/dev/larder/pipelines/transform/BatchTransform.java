package dev.larder.pipelines.transform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        byId.merge(idKey(e.id()), e, Deduplication::first);
      }
    }
    out.addAll(byId.values());
    return out;
  }

  /** Ids of different Java types that compare equal (an Integer and a Long) are one id. */
  static Object idKey(Object id) {
    return id instanceof Number n ? (Object) n.longValue() : id;
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
      List<Event> list = byEntity.get(key);
      list.sort(EventOrder.APPLY);
      EntityAggregator agg = new EntityAggregator(program);
      for (Event e : list) {
        keep(agg.accept(e), startMicros, endMicros, out);
      }
      keep(agg.finish(), startMicros, endMicros, out);
    }
    return out;
  }

  private static void keep(Optional<FeatureRow> row, long start, long end, List<FeatureRow> out) {
    row.filter(r -> r.eventTimeMicros() >= start && r.eventTimeMicros() < end).ifPresent(out::add);
  }
}
