package dev.larder.examples.fooddelivery;

import dev.larder.proto.types.v1.Value;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * How the features of one view behave for one entity: a draw of correlated values, by feature name,
 * as the view's pipeline would compute them at the entity's latest event.
 */
@FunctionalInterface
interface RowModel {

  /** A model that knows no feature: every feature gets a plausible value of its type. */
  RowModel NONE = (random, eventTime) -> Map.of();

  /**
   * Draws one entity's row.
   *
   * @param eventTime the time of the entity's latest event, which the row is stamped with
   * @return values by feature name; a feature left out is not modelled
   */
  Map<String, Value> sample(Random random, Instant eventTime);

  /** The model of a food-delivery view, or {@link #NONE} for a view it does not know. */
  static RowModel of(String viewName) {
    return switch (viewName) {
      case "customer_stats" -> CustomerModels::stats;
      case "customer_embedding" -> CustomerModels::embedding;
      case "restaurant_state" -> RestaurantModel::state;
      case "courier_context" -> CourierModel::context;
      default -> NONE;
    };
  }
}
