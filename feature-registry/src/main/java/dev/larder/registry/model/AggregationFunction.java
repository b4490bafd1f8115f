package dev.larder.registry.model;

/** How an aggregated feature combines the values of an entity's events in its window. */
public enum AggregationFunction {
  COUNT,
  SUM,
  AVG,
  MIN,
  MAX,
  LAST,
  FIRST
}
