package dev.larder.pipelines.transform;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random sources, views and event sets for the aggregation property tests: few entities, few
 * timestamps (so ties are common), a small id space (so duplicates are common) and null cells.
 */
public final class EventSets {

  /** Columns of the test source, in schema order. */
  public static final List<String> COLUMNS =
      List.of("order_id", "customer_id", "amount", "items", "tag", "event_time");

  public static final Map<String, ValueType> SCHEMA = schema();

  private EventSets() {}

  private static Map<String, ValueType> schema() {
    Map<String, ValueType> s = new LinkedHashMap<>();
    s.put("order_id", ValueType.STRING);
    s.put("customer_id", ValueType.STRING);
    s.put("amount", ValueType.DOUBLE);
    s.put("items", ValueType.INT64);
    s.put("tag", ValueType.STRING);
    s.put("event_time", ValueType.TIMESTAMP);
    return s;
  }

  /** The test source, with or without an id field. */
  public static Source source(boolean withId) {
    return new Source("orders", "event_time", withId ? "order_id" : null, SCHEMA, null, null, null);
  }

  /** A view {@code stats@v1} of project {@code test} over {@link #source} with these features. */
  public static FeatureView view(List<Feature> features) {
    return FeatureView.builder()
        .project("test")
        .name("stats")
        .version(1)
        .entities(List.of("customer"))
        .joinKeys(List.of(new JoinKey("customer_id", ValueType.STRING)))
        .source("orders")
        .features(features)
        .build();
  }

  /** One to six features of every kind: aggregations of each function and column, and copies. */
  public static Arbitrary<List<Feature>> features() {
    Arbitrary<Duration> window =
        Arbitraries.of(0L, 1L, 2L, 3L, 5L, 8L).map(s -> s == 0 ? null : Duration.ofSeconds(s));
    Arbitrary<Feature> agg =
        Combinators.combine(
                Arbitraries.of(AggregationFunction.values()),
                Arbitraries.of("amount", "items", "tag", "event_time"),
                window)
            .as(EventSets::aggregated)
            .filter(f -> f != null);
    Arbitrary<Feature> copy =
        Arbitraries.of("amount", "items", "tag")
            .map(c -> new Feature("copy_" + c, SCHEMA.get(c), c, null, null, null));
    return Arbitraries.oneOf(agg, agg, agg, copy)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(EventSets::numbered);
  }

  /** An all-time COUNT of events, named {@code name}. */
  public static Feature count(String name) {
    return new Feature(
        name,
        ValueType.INT64,
        null,
        new Aggregation(AggregationFunction.COUNT, null, null),
        null,
        null);
  }

  private static Feature aggregated(AggregationFunction fn, String column, Duration window) {
    ValueType colType = SCHEMA.get(column);
    ValueType type;
    String col = column;
    switch (fn) {
      case COUNT -> {
        type = ValueType.INT64;
        col = column.equals("event_time") ? null : column;
      }
      case SUM -> {
        if (colType != ValueType.DOUBLE && colType != ValueType.INT64) {
          return null;
        }
        type = colType;
      }
      case AVG -> {
        if (colType != ValueType.DOUBLE && colType != ValueType.INT64) {
          return null;
        }
        type = ValueType.DOUBLE;
      }
      default -> type = colType;
    }
    return new Feature("f", type, null, new Aggregation(fn, col, window), null, null);
  }

  private static List<Feature> numbered(List<Feature> fs) {
    List<Feature> out = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      Feature f = fs.get(i);
      out.add(new Feature(f.name() + i, f.type(), f.column(), f.aggregation(), null, null));
    }
    return out;
  }

  /**
   * Zero to forty events over customers {@code c0..c2}, at whole seconds 0 to 12, ids {@code
   * o0..o14} (repeats are duplicates), with null cells; file {@code f.jsonl}, line = position + 1.
   */
  public static Arbitrary<List<Event>> events() {
    Arbitrary<List<Object>> row =
        Combinators.combine(
                Arbitraries.integers().between(0, 14),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(0.1, 0.2, 0.3, 1.5, -2.25, 1e10, 3.3).injectNull(0.2),
                Arbitraries.longs().between(-5, 100).injectNull(0.2),
                Arbitraries.of("a", "b", "c", "zz").injectNull(0.2),
                Arbitraries.longs().between(0, 12))
            .as(
                (id, c, amount, items, tag, sec) ->
                    Arrays.asList(
                        (Object) ("o" + id), "c" + c, amount, items, tag, sec * 1_000_000L));
    return row.list().ofMaxSize(40).map(EventSets::toEvents);
  }

  private static List<Event> toEvents(List<List<Object>> rows) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      List<Object> r = rows.get(i);
      out.add(
          new Event(
              EntityKeys.encode(List.of(r.get(1))),
              (Long) r.get(5),
              r.get(0),
              r,
              "f.jsonl",
              i + 1));
    }
    return out;
  }

  /** The same events without ids, as a source without an id field reads them. */
  public static List<Event> withoutIds(List<Event> events) {
    return events.stream()
        .map(
            e ->
                new Event(
                    e.entityKey(), e.eventTimeMicros(), null, e.columns(), e.file(), e.line()))
        .toList();
  }
}
