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
  int[] keyIds;
  long[] eventTimes;
  long[] createdTimes;
  long[] sequences;
  final ColumnVector[] features;
  final ValueType[] types;

  /** Rows holding the given features, in that order. */
  ViewRows(List<Feature> features) {
    this(features, 1024);
  }

  private ViewRows(List<Feature> features, int capacity) {
    int c = Math.max(capacity, 16);
    keyIds = new int[c];
    eventTimes = new long[c];
    createdTimes = new long[c];
    sequences = new long[c];
    this.features = new ColumnVector[features.size()];
    this.types = new ValueType[features.size()];
    for (int f = 0; f < this.features.length; f++) {
      types[f] = features.get(f).type();
      this.features[f] = new ColumnVector(kindOf(types[f]), c);
    }
  }

  /**
   * The rows of {@code parts} (each holding the given features), one part after another. Takes the
   * parts out of the list as it copies them, so that each can be collected right after.
   */
  static ViewRows concat(List<Feature> features, List<ViewRows> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int total = 0;
    for (ViewRows part : parts) {
      total = Math.addExact(total, part.count);
    }
    ViewRows all = new ViewRows(features, total);
    for (int p = 0; p < parts.size(); p++) {
      ViewRows part = parts.set(p, null);
      System.arraycopy(part.keyIds, 0, all.keyIds, all.count, part.count);
      System.arraycopy(part.eventTimes, 0, all.eventTimes, all.count, part.count);
      System.arraycopy(part.createdTimes, 0, all.createdTimes, all.count, part.count);
      System.arraycopy(part.sequences, 0, all.sequences, all.count, part.count);
      for (int f = 0; f < all.features.length; f++) {
        all.features[f].appendAll(part.features[f]);
      }
      all.count += part.count;
    }
    return all;
  }

  /** Makes room for {@code more} rows, so that adding them copies no array. */
  void reserve(int more) {
    if (count + more > keyIds.length) {
      resize(Math.addExact(count, more));
      for (ColumnVector f : features) {
        f.reserve(more);
      }
    }
  }

  /** Starts a row; its features are appended next, one per column. */
  void addRow(int keyId, long eventTime, long createdTime, long sequence) {
    if (count == keyIds.length) {
      resize(count + (count >> 1));
    }
    keyIds[count] = keyId;
    eventTimes[count] = eventTime;
    createdTimes[count] = createdTime;
    sequences[count] = sequence;
    count++;
  }

  private void resize(int c) {
    keyIds = Arrays.copyOf(keyIds, c);
    eventTimes = Arrays.copyOf(eventTimes, c);
    createdTimes = Arrays.copyOf(createdTimes, c);
    sequences = Arrays.copyOf(sequences, c);
  }

  /**
   * Lets go of the entity ids, times and sequence numbers once the view has been matched: writing
   * the training set reads only the features.
   */
  void releaseMatchColumns() {
    keyIds = null;
    eventTimes = null;
    createdTimes = null;
    sequences = null;
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
}
