package dev.larder.examples.fooddelivery;

import dev.larder.proto.types.v1.Value;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Customers: how often they order, how much they spend, and what they like. */
final class CustomerModels {

  /** Restaurants customers order from; the generator's restaurant ids cover the first ones. */
  static final int RESTAURANTS = 500;

  private static final double MEDIAN_ORDER_VALUE = 25.0;
  private static final List<String> SEGMENTS = List.of("occasional", "regular", "power");
  private static final double[] SEGMENT_WEIGHTS = {0.5, 0.38, 0.12};
  private static final int EMBEDDING_DIMENSIONS = 8;
  private static final float[][] CENTROIDS = centroids(new Random(8_128));

  private CustomerModels() {}

  /**
   * The order aggregates at a customer's latest order. Customers' weekly order rates are log-normal
   * (most order once or twice a week, a few daily); counts are Poisson around the rate; order
   * values log-normal around 25. The latest order is inside every window, so counts are at least 1.
   * Some apps do not report item counts, so {@code max_items_30d} is sometimes null.
   */
  static Map<String, Value> stats(Random r, Instant eventTime) {
    double weeklyRate = Sampling.logNormal(r, 1.5, 0.8);
    long count7d = 1 + Sampling.poisson(r, weeklyRate);
    long count30d = count7d + Sampling.poisson(r, weeklyRate * 23 / 7);
    double value7d = 0;
    for (int i = 0; i < count7d; i++) {
      value7d += Math.round(Sampling.logNormal(r, MEDIAN_ORDER_VALUE, 0.45) * 100) / 100.0;
    }
    int maxItems = 0;
    for (int i = 0; i < count30d; i++) {
      maxItems = Math.max(maxItems, 1 + (int) Sampling.poisson(r, 1.8));
    }
    Map<String, Value> row = new LinkedHashMap<>();
    row.put("order_count_7d", Cells.int64(count7d));
    row.put("order_value_7d", Cells.float64(Math.round(value7d * 100) / 100.0));
    row.put("avg_order_value_7d", Cells.float64(value7d / count7d));
    row.put("order_count_30d", Cells.int64(count30d));
    row.put("max_items_30d", r.nextDouble() < 0.03 ? Cells.NULL : Cells.int32(maxItems));
    row.put(
        "last_restaurant",
        Cells.string(FoodDeliveryGenerator.restaurantId(Sampling.popular(r, RESTAURANTS))));
    row.put("last_order_time", Cells.timestamp(eventTime));
    return row;
  }

  /**
   * Taste embeddings: unit vectors scattered around one centroid per segment. One customer in ten
   * is new: no embedding yet, segment {@code new}.
   */
  static Map<String, Value> embedding(Random r, Instant eventTime) {
    Map<String, Value> row = new LinkedHashMap<>();
    if (r.nextDouble() < 0.1) {
      row.put("embedding", Cells.NULL);
      row.put("segment", Cells.string("new"));
      return row;
    }
    String segment = Sampling.weighted(r, SEGMENTS, SEGMENT_WEIGHTS);
    float[] centroid = CENTROIDS[SEGMENTS.indexOf(segment)];
    float[] v = new float[EMBEDDING_DIMENSIONS];
    for (int i = 0; i < v.length; i++) {
      v[i] = centroid[i] + (float) (0.35 * r.nextGaussian());
    }
    row.put("embedding", Cells.floats(normalized(v)));
    row.put("segment", Cells.string(segment));
    return row;
  }

  private static float[][] centroids(Random r) {
    float[][] centroids = new float[SEGMENTS.size()][EMBEDDING_DIMENSIONS];
    for (float[] c : centroids) {
      for (int i = 0; i < c.length; i++) {
        c[i] = (float) r.nextGaussian();
      }
      normalized(c);
    }
    return centroids;
  }

  /** Scales the vector to length 1, in place, and returns it. */
  private static float[] normalized(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
