package dev.larder.storage.training;

/**
 * Consecutive rows of an entity file, column by column.
 *
 * @param firstRow the position of the batch's first row in the file, from 0
 * @param rows how many rows the batch holds
 * @param columns one per file column, in file order; null for a column that was not asked for
 */
record EntityBatch(long firstRow, int rows, ColumnVector[] columns) {}
