package dev.larder.examples.fooddelivery;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Generates realistic feature rows for the views of the food-delivery example ({@code
 * examples/food-delivery/feature_repo}), in the columnar shape of the push API: join-key columns,
 * {@value #EVENT_TIMESTAMP}, {@value #CREATED_TIMESTAMP}, then one column per feature in definition
 * order, every column one {@link Value} per entity (a value with no kind set is null).
 *
 * <p>Values follow the domain, not uniform noise: order counts are Poisson around log-normal
 * customer rates, order values log-normal around 25, kitchen queues and preparation times move
 * together, couriers scatter around a city centre; some cells are null, as in real data. Features
 * it has no model of (a feature added to the definitions later, a view of another project) get
 * plausible values of their declared types.
 *
 * <p>Deterministic: one seed and one clock give the same rows for a view, whatever else was
 * generated before. Event timestamps lie within the view's ttl before the clock's now (within
 * {@link #DEFAULT_SPAN} when the view has no ttl), so pushed rows are served as fresh. Entities are
 * the first ids of {@link #customerIds}, {@link #restaurantIds} and {@link #courierIds}.
 * Thread-safe: each call draws from its own random.
 */
public final class FoodDeliveryGenerator {

  /** The column of the time the row's values were true at, in microseconds. */
  public static final String EVENT_TIMESTAMP = "event_timestamp";

  /** The column of the time the row was computed, in microseconds; never before the event. */
  public static final String CREATED_TIMESTAMP = "created_timestamp";

  /** How far back event timestamps go for a view without ttl. */
  public static final Duration DEFAULT_SPAN = Duration.ofDays(1);

  private static final long FIRST_COURIER_ID = 100_001;

  private final long seed;
  private final Clock clock;

  /**
   * @param seed the rows are a function of the seed, the clock's instant and the view
   * @param clock gives "now", which every event timestamp precedes
   */
  public FoodDeliveryGenerator(long seed, Clock clock) {
    this.seed = seed;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Rows for the first {@code entityCount} entities of the view, one row per entity.
   *
   * @return columns by name in push order, every column {@code entityCount} long
   * @throws IllegalArgumentException when the count is negative, or a join key of the view is not
   *     {@code customer_id}, {@code restaurant_id} or {@code courier_id}
   * @throws IllegalStateException when the view declares a modelled feature with another type than
   *     the model gives it (the definitions and this generator disagree)
   */
  public Map<String, List<Value>> rows(FeatureView view, int entityCount) {
    Map<String, List<Value>> columns = new LinkedHashMap<>(entityKeys(view, entityCount));
    List<Value> events = new ArrayList<>(entityCount);
    List<Value> created = new ArrayList<>(entityCount);
    columns.put(EVENT_TIMESTAMP, events);
    columns.put(CREATED_TIMESTAMP, created);
    view.features().forEach(f -> columns.put(f.name(), new ArrayList<>(entityCount)));
    Random random = new Random(seed * 1_000_003L + view.name().hashCode());
    RowModel model = RowModel.of(view.name());
    Instant now = clock.instant();
    Duration span = view.ttl().orElse(DEFAULT_SPAN);
    for (int i = 0; i < entityCount; i++) {
      Instant eventTime = now.minus(Sampling.age(random, span));
      Instant createdTime = eventTime.plusMillis(50 + (long) Sampling.logNormal(random, 400, 0.8));
      events.add(Cells.timestamp(eventTime));
      created.add(Cells.timestamp(createdTime.isAfter(now) ? now : createdTime));
      Map<String, Value> modelled = model.sample(random, eventTime);
      for (Feature f : view.features()) {
        Value v = modelled.get(f.name());
        columns
            .get(f.name())
            .add(v == null ? Cells.plausible(random, f.type(), eventTime) : check(view, f, v));
      }
    }
    return columns;
  }

  /**
   * The join-key columns of the first {@code entityCount} entities of a view: what {@link #rows}
   * writes, and what a request for those rows sends.
   *
   * @throws IllegalArgumentException when the count is negative or a join key is not one of the
   *     example's
   */
  public static Map<String, List<Value>> entityKeys(FeatureView view, int entityCount) {
    if (entityCount < 0) {
      throw new IllegalArgumentException("entityCount must be >= 0, was " + entityCount);
    }
    Map<String, List<Value>> keys = new LinkedHashMap<>();
    for (JoinKey key : view.joinKeys()) {
      List<Value> column =
          switch (key.name()) {
            case "customer_id" -> customerIds(entityCount).stream().map(Cells::string).toList();
            case "restaurant_id" -> restaurantIds(entityCount).stream().map(Cells::string).toList();
            case "courier_id" -> courierIds(entityCount).stream().map(Cells::int64).toList();
            default ->
                throw new IllegalArgumentException(
                    "no ids for join key '"
                        + key.name()
                        + "' of "
                        + view
                        + " (known: customer_id, restaurant_id, courier_id)");
          };
      keys.put(key.name(), column);
    }
    return keys;
  }

  /** Customer ids {@code C000001}, {@code C000002}, ... */
  public static List<String> customerIds(int n) {
    return IntStream.rangeClosed(1, n).mapToObj("C%06d"::formatted).toList();
  }

  /** Restaurant ids {@code R00001}, {@code R00002}, ... */
  public static List<String> restaurantIds(int n) {
    return IntStream.range(0, n).mapToObj(FoodDeliveryGenerator::restaurantId).toList();
  }

  /** Courier ids 100001, 100002, ... */
  public static List<Long> courierIds(int n) {
    return IntStream.range(0, n).mapToObj(i -> FIRST_COURIER_ID + i).toList();
  }

  /** The id of the restaurant at a 0-based index: {@code R00001} for 0. */
  static String restaurantId(int index) {
    return "R%05d".formatted(index + 1);
  }

  private static Value check(FeatureView view, Feature f, Value v) {
    if (!Cells.fits(v, f.type())) {
      throw new IllegalStateException(
          "the example generates "
              + v.getKindCase()
              + " for "
              + view.qualifiedName()
              + ":"
              + f.name()
              + ", declared "
              + f.type());
    }
    return v;
  }
}
