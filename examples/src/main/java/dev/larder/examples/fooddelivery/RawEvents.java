package dev.larder.examples.fooddelivery;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The JSON line of one raw event of each food-delivery source, with values that follow the domain:
 * popular customers and restaurants order more, order values are log-normal around 25, kitchens
 * with longer queues prepare more slowly, couriers ping around a city centre. A few cells are null,
 * as in real data. Stateless apart from the population sizes; every draw comes from the caller's
 * random.
 */
final class RawEvents {

  /** How a line is broken, for the share of malformed events. */
  enum Damage {
    NONE,
    /** The line stops in the middle of the JSON object. */
    TRUNCATED,
    /** A number field holds a word. */
    WRONG_TYPE,
    /** The event-time field is missing. */
    NO_TIMESTAMP
  }

  private static final List<String> VEHICLES = List.of("bike", "scooter", "car");
  private static final double[] VEHICLE_WEIGHTS = {0.6, 0.3, 0.1};
  private static final double CENTRE_LAT = 52.520;
  private static final double CENTRE_LON = 13.405;

  private final int customers;
  private final int restaurants;
  private final int couriers;

  RawEvents(int customers, int restaurants, int couriers) {
    this.customers = customers;
    this.restaurants = restaurants;
    this.couriers = couriers;
  }

  String order(Random r, long index, Instant time, Damage damage) {
    String customer = "C%06d".formatted(1 + Sampling.popular(r, customers));
    String restaurant = FoodDeliveryGenerator.restaurantId(Sampling.popular(r, restaurants));
    // About one order in twenty has no courier yet.
    String courier = r.nextDouble() < 0.05 ? "null" : Long.toString(courier(r));
    double value = Math.round(Sampling.logNormal(r, 25, 0.5) * 100) / 100.0;
    int items = 1 + (int) Sampling.poisson(r, 1.5);
    return object(
        damage,
        "\"order_id\":\"O%010d\",\"customer_id\":\"%s\",\"restaurant_id\":\"%s\",\"courier_id\":%s,"
                .formatted(index, customer, restaurant, courier)
            + "\"order_value\":"
            + (damage == Damage.WRONG_TYPE ? "\"lots\"" : number(value))
            + ",\"items\":"
            + items,
        time);
  }

  String restaurantStatus(Random r, long index, Instant time, Damage damage) {
    String restaurant = FoodDeliveryGenerator.restaurantId(Sampling.popular(r, restaurants));
    long queue = Sampling.poisson(r, 3);
    double prep = Math.round(Sampling.logNormal(r, 540 + 45 * queue, 0.3) * 10) / 10.0;
    boolean accepting = queue < 12 || r.nextDouble() < 0.3;
    return object(
        damage,
        "\"status_id\":\"S%010d\",\"restaurant_id\":\"%s\",\"queue_depth\":%s,"
                .formatted(index, restaurant, damage == Damage.WRONG_TYPE ? "\"busy\"" : queue)
            + "\"prep_time_s\":"
            + number(prep)
            + ",\"accepting_orders\":"
            + accepting,
        time);
  }

  String courierPing(Random r, long index, Instant time, Damage damage) {
    double lat = CENTRE_LAT + r.nextGaussian() * 0.03;
    double lon = CENTRE_LON + r.nextGaussian() * 0.05;
    String latText = String.format(Locale.ROOT, "%.5f", lat);
    String lonText = String.format(Locale.ROOT, "%.5f", lon);
    return object(
        damage,
        "\"ping_id\":\"P%010d\",\"courier_id\":%d,\"latitude\":%s,\"longitude\":%s,"
                .formatted(
                    index, courier(r), damage == Damage.WRONG_TYPE ? "\"north\"" : latText, lonText)
            + "\"position\":["
            + latText
            + ","
            + lonText
            + "],\"orders_in_flight\":"
            + Sampling.poisson(r, 0.8)
            + ",\"vehicle\":\""
            + Sampling.weighted(r, VEHICLES, VEHICLE_WEIGHTS)
            + "\"",
        time);
  }

  private long courier(Random r) {
    return FoodDeliveryGenerator.courierIds(1).get(0) + r.nextInt(couriers);
  }

  private static String object(Damage damage, String fields, Instant time) {
    String line =
        "{"
            + fields
            + (damage == Damage.NO_TIMESTAMP ? "" : ",\"event_time\":\"" + time + "\"")
            + "}";
    return damage == Damage.TRUNCATED ? line.substring(0, line.length() / 2) : line;
  }

  private static String number(double d) {
    return Double.toString(d);
  }
}
