package dev.larder.storage.training;

import java.util.List;

/**
 * What the join found, for the writers: the entity file's columns, the plan's feature columns, and
 * per view its rows and, per entity row, the matching row (or -1).
 */
record JoinedRows(
    List<EntityColumn> entityColumns, TrainingSetPlan plan, ViewRows[] views, int[][] matches) {

  /** The feature column's vector and the row in it for entity row {@code row}, or -1 for null. */
  int viewRow(TrainingSetPlan.FeatureColumn column, long row) {
    return matches[column.view()][Math.toIntExact(row)];
  }

  ColumnVector vector(TrainingSetPlan.FeatureColumn column) {
    return views[column.view()].features[column.slot()];
  }
}
