package dev.larder.examples.fooddelivery;

import dev.larder.proto.types.v1.Value;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Couriers: riders scattered around the city centre, carrying a few orders each. */
final class CourierModel {

  /** The city centre couriers gather around (Amsterdam's Dam square). */
  static final double CENTRE_LATITUDE = 52.3731;

  static final double CENTRE_LONGITUDE = 4.8926;

  private static final double KM_PER_DEGREE = 111.32;
  private static final List<String> VEHICLES = List.of("bicycle", "e_bike", "scooter", "car");
  private static final double[] VEHICLE_WEIGHTS = {0.55, 0.25, 0.15, 0.05};
  private static final int[] VEHICLE_CAPACITY = {2, 2, 3, 4};
  private static final int PINGS_PER_10_MINUTES = 40;

  private CourierModel() {}

  /**
   * A courier's latest ping. Distance from the centre is half-normal (2.5 km scale) in a uniform
   * direction; the vehicle is mostly a bicycle (sometimes unreported: null); orders in flight are
   * Poisson, capped by what the vehicle carries; pings arrive every 15 s, a few lost to GPS gaps,
   * fewer for couriers who started their shift less than 10 minutes ago.
   */
  static Map<String, Value> context(Random r, Instant eventTime) {
    double km = Math.abs(2.5 * r.nextGaussian());
    double bearing = 2 * Math.PI * r.nextDouble();
    double latitude = CENTRE_LATITUDE + km * Math.cos(bearing) / KM_PER_DEGREE;
    double longitude =
        CENTRE_LONGITUDE
            + km * Math.sin(bearing) / (KM_PER_DEGREE * Math.cos(Math.toRadians(latitude)));
    String vehicle = Sampling.weighted(r, VEHICLES, VEHICLE_WEIGHTS);
    int capacity = VEHICLE_CAPACITY[VEHICLES.indexOf(vehicle)];
    long pings =
        r.nextDouble() < 0.15
            ? 1 + r.nextInt(PINGS_PER_10_MINUTES - 1)
            : Math.max(1, PINGS_PER_10_MINUTES - Sampling.poisson(r, 2));
    Map<String, Value> row = new LinkedHashMap<>();
    row.put("latitude", Cells.float64(latitude));
    row.put("longitude", Cells.float64(longitude));
    row.put("last_position", Cells.doubles(latitude, longitude));
    row.put("orders_in_flight", Cells.int32((int) Math.min(capacity, Sampling.poisson(r, 0.9))));
    row.put("vehicle", r.nextDouble() < 0.02 ? Cells.NULL : Cells.string(vehicle));
    row.put("pings_10m", Cells.int64(pings));
    return row;
  }
}
