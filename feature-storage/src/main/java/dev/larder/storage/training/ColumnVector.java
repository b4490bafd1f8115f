package dev.larder.storage.training;

import java.util.Arrays;
import org.apache.parquet.io.api.Binary;

/**
 * A growable column of values of one physical kind, in primitive arrays: the training-set join's
 * hot path holds no boxed value per row. Booleans and integers live in {@code longs}, floats in
 * {@code doubles}, byte strings in {@code binaries}, and anything nested (lists) as {@code
 * objects}. Not thread-safe.
 */
final class ColumnVector {

  /** The physical kind of a column. */
  enum Kind {
    BOOLEAN,
    INT32,
    INT64,
    FLOAT,
    DOUBLE,
    BINARY,
    OBJECT
  }

  final Kind kind;
  long[] longs;
  double[] doubles;
  Binary[] binaries;
  Object[] objects;
  boolean[] nulls;
  int size;

  /**
   * Whether some of {@code binaries} are slices of a whole page (decoded from a plain page): such a
   * value keeps its page in memory, where a dictionary entry is shared by its rows anyway.
   */
  boolean pageSlices;

  ColumnVector(Kind kind, int capacity) {
    this.kind = kind;
    int c = Math.max(capacity, 16);
    switch (kind) {
      case BOOLEAN, INT32, INT64 -> longs = new long[c];
      case FLOAT, DOUBLE -> doubles = new double[c];
      case BINARY -> binaries = new Binary[c];
      case OBJECT -> objects = new Object[c];
    }
    nulls = new boolean[c];
  }

  void clear() {
    size = 0;
    pageSlices = false;
  }

  boolean isNull(int row) {
    return nulls[row];
  }

  void appendNull() {
    grow();
    nulls[size++] = true;
  }

  void appendLong(long v) {
    grow();
    longs[size] = v;
    nulls[size++] = false;
  }

  void appendDouble(double v) {
    grow();
    doubles[size] = v;
    nulls[size++] = false;
  }

  void appendBinary(Binary v) {
    grow();
    binaries[size] = v;
    nulls[size++] = false;
  }

  void appendObject(Object v) {
    grow();
    objects[size] = v;
    nulls[size++] = v == null;
  }

  /** Appends row {@code row} of {@code other}, a column of the same kind. */
  void appendFrom(ColumnVector other, int row) {
    if (other.nulls[row]) {
      appendNull();
      return;
    }
    switch (kind) {
      case BOOLEAN, INT32, INT64 -> appendLong(other.longs[row]);
      case FLOAT, DOUBLE -> appendDouble(other.doubles[row]);
      case BINARY -> appendBinary(other.binaries[row]);
      case OBJECT -> appendObject(other.objects[row]);
    }
  }

  /** Makes room for {@code more} values, so that appending them copies no array. */
  void reserve(int more) {
    if (size + more > nulls.length) {
      resize(Math.addExact(size, more));
    }
  }

  /** Appends every row of {@code other}, a column of the same kind. */
  void appendAll(ColumnVector other) {
    appendRange(other, 0, other.size);
  }

  /** Appends rows {@code from} to {@code from + n} of {@code other}, a column of the same kind. */
  void appendRange(ColumnVector other, int from, int n) {
    reserve(n);
    System.arraycopy(other.nulls, from, nulls, size, n);
    switch (kind) {
      case BOOLEAN, INT32, INT64 -> System.arraycopy(other.longs, from, longs, size, n);
      case FLOAT, DOUBLE -> System.arraycopy(other.doubles, from, doubles, size, n);
      case BINARY -> System.arraycopy(other.binaries, from, binaries, size, n);
      case OBJECT -> System.arraycopy(other.objects, from, objects, size, n);
    }
    size += n;
    pageSlices |= other.pageSlices;
  }

  private void grow() {
    if (size < nulls.length) {
      return;
    }
    resize(nulls.length + (nulls.length >> 1));
  }

  private void resize(int c) {
    nulls = Arrays.copyOf(nulls, c);
    if (longs != null) {
      longs = Arrays.copyOf(longs, c);
    }
    if (doubles != null) {
      doubles = Arrays.copyOf(doubles, c);
    }
    if (binaries != null) {
      binaries = Arrays.copyOf(binaries, c);
    }
    if (objects != null) {
      objects = Arrays.copyOf(objects, c);
    }
  }
}
