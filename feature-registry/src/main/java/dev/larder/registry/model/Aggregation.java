package dev.larder.registry.model;

import java.time.Duration;
import java.util.Objects;

/**
 * An aggregation over a source column.
 *
 * @param column the aggregated column; null for COUNT
 * @param window the look-back window {@code (e - window, e]}; null for all time
 */
public record Aggregation(AggregationFunction function, String column, Duration window) {
  public Aggregation {
    Objects.requireNonNull(function, "function");
  }
}
