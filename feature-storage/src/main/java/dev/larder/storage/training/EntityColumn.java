package dev.larder.storage.training;

import org.apache.parquet.schema.PrimitiveType;

/**
 * A column of an entity file as the training set carries it to its output.
 *
 * @param name the column's name
 * @param type its Parquet type in the output (the event time is always a UTC timestamp in µs)
 * @param kind how its values are held in a {@link ColumnVector}
 */
record EntityColumn(String name, PrimitiveType type, ColumnVector.Kind kind) {}
