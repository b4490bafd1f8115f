package dev.larder.storage.training;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of one feature view that a training set may use, column by column: entity id (in the
 * training set's {@link KeyDictionary}), event time, created time, sequence number, and the
 * requested features. Not thread-safe while rows are added.
 */
final class ViewRows {

  int count;
  int[] keyIds = new int[1024];
  long[] eventTimes = new long[1024];
  long[] createdTimes = new long[1024];
  long[] sequences = new long[1024];
  final ColumnVector[] features;
  final ValueType[] types;

  /** Rows holding the given features, in that order. */
  ViewRows(List<Feature> features) {
    this.features = new ColumnVector[features.size()];
    this.types = new ValueType[features.size()];
    for (int f = 0; f < this.features.length; f++) {
      types[f] = features.get(f).type();
      this.features[f] = new ColumnVector(kindOf(types[f]), 1024);
    }
  }

  /** Starts a row; its features are appended next, one per column. */
  void addRow(int keyId, long eventTime, long createdTime, long sequence) {
    if (count == keyIds.length) {
      int c = count + (count >> 1);
      keyIds = Arrays.copyOf(keyIds, c);
      eventTimes = Arrays.copyOf(eventTimes, c);
      createdTimes = Arrays.copyOf(createdTimes, c);
      sequences = Arrays.copyOf(sequences, c);
    }
    keyIds[count] = keyId;
    eventTimes[count] = eventTime;
    createdTimes[count] = createdTime;
    sequences[count] = sequence;
    count++;
  }

  /** The physical kind that holds values of a feature type. */
  static ColumnVector.Kind kindOf(ValueType type) {
    return switch (type) {
      case BOOL -> ColumnVector.Kind.BOOLEAN;
      case INT32 -> ColumnVector.Kind.INT32;
      case INT64, TIMESTAMP -> ColumnVector.Kind.INT64;
      case FLOAT -> ColumnVector.Kind.FLOAT;
      case DOUBLE -> ColumnVector.Kind.DOUBLE;
      case STRING, BYTES -> ColumnVector.Kind.BINARY;
      default -> ColumnVector.Kind.OBJECT;
    };
  }

  /** An index of these rows for point-in-time lookups. */
  PointInTimeIndex index(int keyCount, long ttlMicros) {
    return new PointInTimeIndex(
        count, keyIds, keyCount, eventTimes, createdTimes, sequences, ttlMicros);
  }
}
