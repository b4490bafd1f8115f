package dev.larder.examples.fooddelivery;

import dev.larder.proto.types.v1.Value;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Restaurants: kitchens whose preparation time grows with their queue. */
final class RestaurantModel {

  /** A queue this long makes a kitchen stop accepting orders. */
  static final int FULL_QUEUE = 18;

  private RestaurantModel() {}

  /**
   * A kitchen's status. Each kitchen has its own base preparation time (log-normal around 10
   * minutes) and load; the queue is Poisson around the load, and preparation takes about 6% longer
   * per queued order. One kitchen in twenty is closed (empty queue, not accepting); a few have
   * prepared nothing in the last 30 minutes, so their recent average is null.
   */
  static Map<String, Value> state(Random r, Instant eventTime) {
    boolean closed = r.nextDouble() < 0.05;
    long queue = closed ? 0 : Sampling.poisson(r, Sampling.logNormal(r, 4, 0.7));
    double basePrep = Sampling.logNormal(r, 600, 0.3);
    double prep = basePrep * (1 + 0.06 * queue) * Sampling.logNormal(r, 1, 0.1);
    double maxPrep = prep * (1 + Math.abs(0.25 * r.nextGaussian()));
    boolean quiet = closed || r.nextDouble() < 0.04;
    Map<String, Value> row = new LinkedHashMap<>();
    row.put("queue_depth", Cells.int64(queue));
    row.put("recent_prep_time_s", quiet ? Cells.NULL : Cells.float64(round1(prep)));
    row.put(
        "max_prep_time_1h_s",
        quiet && r.nextBoolean() ? Cells.NULL : Cells.float64(round1(Math.max(prep, maxPrep))));
    row.put("accepting_orders", Cells.bool(!closed && queue < FULL_QUEUE));
    return row;
  }

  private static double round1(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
