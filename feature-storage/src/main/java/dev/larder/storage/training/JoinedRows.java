package dev.larder.storage.training;

import java.util.List;

/**
 * What the join found, for the writers: the entity file's columns, the plan's feature columns, and
 * per view its rows and, per entity row, the matching row (or -1).
 */
record JoinedRows(
    List<EntityColumn> entityColumns, TrainingSetPlan plan, ViewRows[] views, int[][] matches) {

  /**
   * The feature column's values for the {@code count} entity rows from {@code firstRow} on, in
   * entity-row order: null where no view row matched or the matched value is null. The view rows
   * are read in one tight loop per column, so that the cache misses of these scattered reads
   * overlap instead of waiting one by one behind the writer's per-row work.
   */
  ColumnVector gather(TrainingSetPlan.FeatureColumn column, long firstRow, int count) {
    int[] match = matches[column.view()];
    int base = Math.toIntExact(firstRow);
    ColumnVector from = views[column.view()].features[column.slot()];
    ColumnVector out = new ColumnVector(from.kind, count);
    boolean[] fromNulls = from.nulls;
    boolean[] nulls = out.nulls;
    for (int r = 0; r < count; r++) {
      int at = match[base + r];
      nulls[r] = at < 0 || fromNulls[at];
    }
    switch (from.kind) {
      case BOOLEAN, INT32, INT64 -> {
        long[] values = from.longs;
        long[] to = out.longs;
        for (int r = 0; r < count; r++) {
          to[r] = nulls[r] ? 0 : values[match[base + r]];
        }
      }
      case FLOAT, DOUBLE -> {
        double[] values = from.doubles;
        double[] to = out.doubles;
        for (int r = 0; r < count; r++) {
          to[r] = nulls[r] ? 0 : values[match[base + r]];
        }
      }
      case BINARY -> {
        for (int r = 0; r < count; r++) {
          out.binaries[r] = nulls[r] ? null : from.binaries[match[base + r]];
        }
      }
      case OBJECT -> {
        for (int r = 0; r < count; r++) {
          out.objects[r] = nulls[r] ? null : from.objects[match[base + r]];
        }
      }
    }
    out.size = count;
    return out;
  }
}
