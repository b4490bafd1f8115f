package dev.larder.pipelines.transform;

import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * DESIGN §2 by brute force, sharing no code with the pipeline: for every entity and every distinct
 * event time {@code e}, plain loops over all events pick those in {@code (e - window, e]} and
 * compute each feature from scratch.
 */
public final class AggregationOracle {

  private AggregationOracle() {}

  /** Expected rows, sorted by entity key then event time. */
  public static List<FeatureRow> rows(FeatureView view, List<Event> input, long start, long end) {
    List<Event> events = new ArrayList<>();
    for (Event e : input) {
      boolean keep = true;
      if (e.id() != null) {
        for (Event o : input) {
          if (o != e
              && o.id().equals(e.id())
              && (o.file().compareTo(e.file()) < 0
                  || (o.file().equals(e.file()) && o.line() < e.line()))) {
            keep = false;
          }
        }
      }
      if (keep) {
        events.add(e);
      }
    }
    Comparator<Event> order =
        Comparator.comparingLong(Event::eventTimeMicros)
            .thenComparing(e -> e.id() == null ? "" : (String) e.id())
            .thenComparing(Event::file)
            .thenComparingLong(Event::line);
    TreeSet<String> entities = new TreeSet<>();
    events.forEach(e -> entities.add(e.entityKey()));
    List<FeatureRow> out = new ArrayList<>();
    for (String entity : entities) {
      TreeSet<Long> times = new TreeSet<>();
      for (Event e : events) {
        if (e.entityKey().equals(entity)) {
          times.add(e.eventTimeMicros());
        }
      }
      for (long t : times) {
        if (t < start || t >= end) {
          continue;
        }
        List<Event> upToT = new ArrayList<>();
        for (Event e : events) {
          if (e.entityKey().equals(entity) && e.eventTimeMicros() <= t) {
            upToT.add(e);
          }
        }
        upToT.sort(order);
        Event last = upToT.get(upToT.size() - 1);
        List<Object> values = new ArrayList<>();
        for (Feature f : view.features()) {
          values.add(value(f, upToT, last, t));
        }
        out.add(new FeatureRow(List.of(last.columns().get(1)), t, values));
      }
    }
    return out;
  }

  private static Object value(Feature f, List<Event> upToT, Event last, long t) {
    if (f.aggregation() == null) {
      return last.columns().get(EventSets.COLUMNS.indexOf(f.column()));
    }
    Aggregation a = f.aggregation();
    List<Event> in = new ArrayList<>();
    for (Event e : upToT) {
      if (a.window() == null || e.eventTimeMicros() > t - a.window().toNanos() / 1000) {
        in.add(e);
      }
    }
    int col = a.column() == null ? -1 : EventSets.COLUMNS.indexOf(a.column());
    List<Object> cells = new ArrayList<>();
    for (Event e : in) {
      cells.add(col < 0 ? "event" : e.columns().get(col));
    }
    List<Object> present = cells.stream().filter(c -> c != null).toList();
    switch (a.function()) {
      case COUNT:
        return (long) present.size();
      case FIRST:
        return cells.get(0);
      case LAST:
        return cells.get(cells.size() - 1);
      default:
        break;
    }
    if (present.isEmpty()) {
      return null;
    }
    boolean floating = present.get(0) instanceof Double;
    switch (a.function()) {
      case SUM:
      case AVG:
        double d = 0;
        long l = 0;
        for (Object c : present) {
          if (floating) {
            d += (Double) c;
          } else {
            l += (Long) c;
          }
        }
        if (a.function() == dev.larder.registry.model.AggregationFunction.SUM) {
          return floating ? (Object) d : (Object) l;
        }
        return (floating ? d : (double) l) / present.size();
      case MIN:
      case MAX:
        Object best = present.get(0);
        for (Object c : present) {
          @SuppressWarnings("unchecked")
          int cmp = ((Comparable<Object>) c).compareTo(best);
          if (a.function() == dev.larder.registry.model.AggregationFunction.MIN
              ? cmp < 0
              : cmp > 0) {
            best = c;
          }
        }
        return best;
      default:
        throw new IllegalStateException(a.function().toString());
    }
  }
}
