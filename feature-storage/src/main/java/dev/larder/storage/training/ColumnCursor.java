package dev.larder.storage.training;

import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.Int64List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads one leaf column of a Parquet row group value by value, straight from its pages: a list
 * column (three-level list of non-null elements, as the offline store writes them) into {@link
 * Value}s, or a flat column (one value or null per row) into a {@link ColumnVector} of its physical
 * kind. Flat columns that {@link FlatColumnChunk} reads a page at a time go there; this is for a
 * feature stored as another kind than its type's. Not thread-safe.
 */
final class ColumnCursor {

  private final ColumnReader reader;
  private final int maxDefinition;
  private final PrimitiveTypeName physical;
  private final ValueType elementType;
  private long remaining;

  private ColumnCursor(ColumnReader reader, ColumnDescriptor column, ValueType elementType) {
    this.reader = reader;
    this.maxDefinition = column.getMaxDefinitionLevel();
    this.physical = column.getPrimitiveType().getPrimitiveTypeName();
    this.elementType = elementType;
    this.remaining = reader.getTotalValueCount();
  }

  /** The column store of one row group, reading only the schema's columns. */
  static ColumnReadStoreImpl store(PageReadStore pages, MessageType schema, String createdBy) {
    return new ColumnReadStoreImpl(
        pages,
        new org.apache.parquet.example.data.simple.convert.GroupRecordConverter(schema)
            .getRootConverter(),
        schema,
        createdBy);
  }

  /** A cursor over a flat column. */
  static ColumnCursor flat(ColumnReadStoreImpl store, ColumnDescriptor column) {
    return new ColumnCursor(store.getColumnReader(column), column, null);
  }

  /** A cursor over the elements of a list column whose elements are of {@code elementType}. */
  static ColumnCursor list(ColumnReadStoreImpl store, ColumnDescriptor column, ValueType element) {
    return new ColumnCursor(store.getColumnReader(column), column, element);
  }

  /** Appends the current row's value to {@code out} and moves to the next row. */
  void readInto(ColumnVector out) {
    if (elementType != null) {
      out.appendObject(readList());
      return;
    }
    if (reader.getCurrentDefinitionLevel() < maxDefinition) {
      out.appendNull();
    } else {
      switch (physical) {
        case BOOLEAN -> out.appendLong(reader.getBoolean() ? 1 : 0);
        case INT32 -> out.appendLong(reader.getInteger());
        case INT64 -> out.appendLong(reader.getLong());
        case FLOAT -> out.appendDouble(reader.getFloat());
        case DOUBLE -> out.appendDouble(reader.getDouble());
        default -> out.appendBinary(reader.getBinary().copy());
      }
    }
    reader.consume();
  }

  /**
   * Passes over the current row. The reader reads levels lazily: each value's definition level is
   * looked at before it is consumed, or consuming twice would move once.
   */
  void skip() {
    do {
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        reader.skip();
      }
      reader.consume();
      remaining--;
    } while (elementType != null && remaining > 0 && reader.getCurrentRepetitionLevel() > 0);
  }

  /** The current row's list (null, empty or with elements), moving to the next row. */
  private Value readList() {
    int definition = reader.getCurrentDefinitionLevel();
    if (definition == 0) {
      skip();
      return null;
    }
    Value.Builder v = Value.newBuilder();
    Int32List.Builder ints = null;
    Int64List.Builder longs = null;
    FloatList.Builder floats = null;
    DoubleList.Builder doubles = null;
    StringList.Builder strings = null;
    switch (elementType) {
      case INT32 -> ints = Int32List.newBuilder();
      case INT64 -> longs = Int64List.newBuilder();
      case FLOAT -> floats = FloatList.newBuilder();
      case DOUBLE -> doubles = DoubleList.newBuilder();
      default -> strings = StringList.newBuilder();
    }
    boolean first = true;
    while (remaining > 0 && (first || reader.getCurrentRepetitionLevel() > 0)) {
      first = false;
      if (reader.getCurrentDefinitionLevel() == maxDefinition) {
        switch (elementType) {
          case INT32 -> ints.addValues(reader.getInteger());
          case INT64 -> longs.addValues(reader.getLong());
          case FLOAT -> floats.addValues(reader.getFloat());
          case DOUBLE -> doubles.addValues(reader.getDouble());
          default -> strings.addValues(reader.getBinary().toStringUsingUTF8());
        }
      }
      reader.consume();
      remaining--;
    }
    if (ints != null) {
      v.setInt32ListVal(ints);
    } else if (longs != null) {
      v.setInt64ListVal(longs);
    } else if (floats != null) {
      v.setFloatListVal(floats);
    } else if (doubles != null) {
      v.setDoubleListVal(doubles);
    } else {
      v.setStringListVal(strings);
    }
    return v.build();
  }
}
