package dev.larder.storage.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes a flat column of one row group a whole page at a time into a {@link ColumnVector}: the
 * join keys, times and feature values the training set reads for every row. Plain integers and
 * floating-point values are copied in bulk, plain byte strings become slices of one copy of the
 * page, and dictionary ids are looked up in an array of decoded entries, so rows with the same
 * dictionary entry share one {@link Binary}. Booleans, fixed-length byte strings and other
 * encodings go through parquet's own decoder (see {@link FlatColumnPages}).
 */
final class FlatColumnChunk extends FlatColumnPages {

  private final PrimitiveTypeName physical;
  private final ColumnVector out;
  private long[] dictionaryLongs;
  private double[] dictionaryDoubles;
  private Binary[] dictionaryBinaries;

  private FlatColumnChunk(ColumnDescriptor column, ColumnVector out) {
    super(column);
    this.physical = column.getPrimitiveType().getPrimitiveTypeName();
    this.out = out;
  }

  /**
   * True when {@link #decode} reads {@code column} into a vector of kind {@code into}: the column
   * is neither repeated nor nested, and its values are whole numbers or booleans ({@code longs}),
   * floating-point ({@code doubles}) or byte strings ({@code binaries}) as the kind holds.
   */
  static boolean handles(ColumnDescriptor column, ColumnVector.Kind into) {
    if (!isFlat(column)) {
      return false;
    }
    return switch (column.getPrimitiveType().getPrimitiveTypeName()) {
      case BOOLEAN, INT32, INT64 ->
          into == ColumnVector.Kind.BOOLEAN
              || into == ColumnVector.Kind.INT32
              || into == ColumnVector.Kind.INT64;
      case FLOAT, DOUBLE -> into == ColumnVector.Kind.FLOAT || into == ColumnVector.Kind.DOUBLE;
      case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> into == ColumnVector.Kind.BINARY;
    };
  }

  /**
   * Appends the value of {@code column} in every row of the row group to {@code out}: booleans as 1
   * or 0, INT32 values sign-extended, floats widened, nulls as nulls (with a value of 0 or no byte
   * string).
   *
   * @throws IllegalArgumentException if {@link #handles} is false for the column and {@code out}
   * @throws ParquetDecodingException if the pages are corrupt or hold another number of values than
   *     the row group has rows
   */
  static void decode(PageReadStore pages, ColumnDescriptor column, ColumnVector out) {
    if (!handles(column, out.kind)) {
      throw new IllegalArgumentException("cannot decode " + column + " into " + out.kind);
    }
    out.reserve(Math.toIntExact(pages.getRowCount()));
    new FlatColumnChunk(column, out).decode(pages);
  }

  @Override
  void values(Encoding encoding, ByteBufferInputStream in, int start, int count, int nonNull)
      throws IOException {
    int at = out.size;
    int end = at + count;
    boolean anyNull = nonNull < count;
    if (anyNull) {
      System.arraycopy(nulls, 0, out.nulls, at, count);
    } else {
      Arrays.fill(out.nulls, at, end, false);
    }
    if (nonNull == 0) {
      clear(at, end);
    } else if (encoding == Encoding.PLAIN && physical != PrimitiveTypeName.BOOLEAN) {
      plain(in, at, count, nonNull, anyNull);
    } else if (isDictionaryIds(encoding)) {
      dictionaryEncoded(dictionaryIds(in), at, count, anyNull);
    } else {
      decoded(valuesReader(encoding, in, count), at, count, anyNull);
    }
    out.size = end;
  }

  private void clear(int from, int to) {
    switch (out.kind) {
      case BOOLEAN, INT32, INT64 -> Arrays.fill(out.longs, from, to, 0L);
      case FLOAT, DOUBLE -> Arrays.fill(out.doubles, from, to, 0.0);
      default -> Arrays.fill(out.binaries, from, to, null);
    }
  }

  /** Plain values: fixed-width numbers read from the page in bulk, byte strings sliced. */
  private void plain(ByteBufferInputStream in, int at, int count, int nonNull, boolean anyNull)
      throws IOException {
    boolean[] isNull = nulls;
    switch (physical) {
      case INT32, INT64 -> {
        boolean int32 = physical == PrimitiveTypeName.INT32;
        ByteBuffer bytes = in.slice(nonNull * (int32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        long[] longs = out.longs;
        if (!anyNull && !int32) {
          bytes.asLongBuffer().get(longs, at, count);
        } else {
          for (int i = 0; i < count; i++) {
            longs[at + i] = anyNull && isNull[i] ? 0 : int32 ? bytes.getInt() : bytes.getLong();
          }
        }
      }
      case FLOAT, DOUBLE -> {
        boolean float32 = physical == PrimitiveTypeName.FLOAT;
        ByteBuffer bytes = in.slice(nonNull * (float32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        double[] doubles = out.doubles;
        if (!anyNull && !float32) {
          bytes.asDoubleBuffer().get(doubles, at, count);
        } else {
          for (int i = 0; i < count; i++) {
            doubles[at + i] =
                anyNull && isNull[i] ? 0 : float32 ? bytes.getFloat() : bytes.getDouble();
          }
        }
      }
      case BINARY -> {
        byte[] page = splitPlainBinary(in, count, anyNull, true);
        out.pageSlices = true;
        Binary[] binaries = out.binaries;
        for (int i = 0; i < count; i++) {
          int from = valueStarts[i];
          binaries[at + i] =
              from < 0 ? null : Binary.fromConstantByteArray(page, from, valueLengths[i]);
        }
      }
      default -> decoded(valuesReader(Encoding.PLAIN, in, count), at, count, anyNull);
    }
  }

  private void dictionaryEncoded(
      RunLengthBitPackingHybridDecoder ids, int at, int count, boolean anyNull) throws IOException {
    boolean[] isNull = nulls;
    switch (out.kind) {
      case BOOLEAN, INT32, INT64 -> {
        long[] lookup = dictionaryLongs();
        long[] longs = out.longs;
        for (int i = 0; i < count; i++) {
          longs[at + i] = anyNull && isNull[i] ? 0 : lookup[ids.readInt()];
        }
      }
      case FLOAT, DOUBLE -> {
        double[] lookup = dictionaryDoubles();
        double[] doubles = out.doubles;
        for (int i = 0; i < count; i++) {
          doubles[at + i] = anyNull && isNull[i] ? 0 : lookup[ids.readInt()];
        }
      }
      default -> {
        Binary[] lookup = dictionaryBinaries();
        Binary[] binaries = out.binaries;
        for (int i = 0; i < count; i++) {
          binaries[at + i] = anyNull && isNull[i] ? null : lookup[ids.readInt()];
        }
      }
    }
  }

  /** Values through parquet's decoder for the encoding, one at a time. */
  private void decoded(ValuesReader reader, int at, int count, boolean anyNull) {
    boolean[] isNull = nulls;
    for (int i = 0; i < count; i++) {
      int r = at + i;
      if (anyNull && isNull[i]) {
        clear(r, r + 1);
        continue;
      }
      switch (physical) {
        case BOOLEAN -> out.longs[r] = reader.readBoolean() ? 1 : 0;
        case INT32 -> out.longs[r] = reader.readInteger();
        case INT64 -> out.longs[r] = reader.readLong();
        case FLOAT -> out.doubles[r] = reader.readFloat();
        case DOUBLE -> out.doubles[r] = reader.readDouble();
        default -> out.binaries[r] = reader.readBytes().copy();
      }
    }
  }

  private long[] dictionaryLongs() {
    if (dictionaryLongs == null) {
      Dictionary d = dictionary();
      long[] values = new long[d.getMaxId() + 1];
      for (int id = 0; id < values.length; id++) {
        values[id] = physical == PrimitiveTypeName.INT32 ? d.decodeToInt(id) : d.decodeToLong(id);
      }
      dictionaryLongs = values;
    }
    return dictionaryLongs;
  }

  private double[] dictionaryDoubles() {
    if (dictionaryDoubles == null) {
      Dictionary d = dictionary();
      double[] values = new double[d.getMaxId() + 1];
      for (int id = 0; id < values.length; id++) {
        values[id] =
            physical == PrimitiveTypeName.FLOAT ? d.decodeToFloat(id) : d.decodeToDouble(id);
      }
      dictionaryDoubles = values;
    }
    return dictionaryDoubles;
  }

  private Binary[] dictionaryBinaries() {
    if (dictionaryBinaries == null) {
      Dictionary d = dictionary();
      Binary[] values = new Binary[d.getMaxId() + 1];
      for (int id = 0; id < values.length; id++) {
        values[id] = d.decodeToBinary(id).copy();
      }
      dictionaryBinaries = values;
    }
    return dictionaryBinaries;
  }
}
