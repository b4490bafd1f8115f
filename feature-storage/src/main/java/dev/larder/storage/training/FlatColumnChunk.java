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
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes a flat INT32 or INT64 column of one row group a whole page at a time into a {@link
 * ColumnVector}: the join keys and times the training set reads for every row. Plain values are
 * copied in bulk and dictionary ids looked up in a {@code long[]}; other encodings go through
 * parquet's own decoder (see {@link FlatColumnPages}).
 */
final class LongColumnChunk extends FlatColumnPages {

  private final boolean int32;
  private final ColumnVector out;
  private long[] dictionaryValues;

  private LongColumnChunk(ColumnDescriptor column, ColumnVector out) {
    super(column);
    this.int32 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
    this.out = out;
  }

  /**
   * True when {@link #decode} reads {@code column}: INT32 or INT64, neither repeated nor nested.
   */
  static boolean handles(ColumnDescriptor column) {
    PrimitiveTypeName physical = column.getPrimitiveType().getPrimitiveTypeName();
    return (physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.INT32)
        && isFlat(column);
  }

  /**
   * Appends the value of {@code column} in every row of the row group to {@code out}, INT32 values
   * sign-extended and nulls as nulls (with a value of 0).
   *
   * @throws IllegalArgumentException if {@link #handles} is false for the column
   * @throws ParquetDecodingException if the pages are corrupt or hold another number of values than
   *     the row group has rows
   */
  static void decode(PageReadStore pages, ColumnDescriptor column, ColumnVector out) {
    if (!handles(column)) {
      throw new IllegalArgumentException("not a flat INT32 or INT64 column: " + column);
    }
    out.reserve(Math.toIntExact(pages.getRowCount()));
    new LongColumnChunk(column, out).decode(pages);
  }

  @Override
  void values(Encoding encoding, ByteBufferInputStream in, int start, int count, int nonNull)
      throws IOException {
    long[] longs = out.longs;
    int at = out.size;
    int end = at + count;
    boolean anyNull = nonNull < count;
    boolean[] isNull = nulls;
    if (anyNull) {
      System.arraycopy(isNull, 0, out.nulls, at, count);
    } else {
      Arrays.fill(out.nulls, at, end, false);
    }
    if (nonNull == 0) {
      Arrays.fill(longs, at, end, 0L);
    } else if (encoding == Encoding.PLAIN) {
      ByteBuffer bytes = in.slice(nonNull * (int32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
      if (!anyNull && !int32) {
        bytes.asLongBuffer().get(longs, at, count);
      } else {
        for (int i = 0; i < count; i++) {
          longs[at + i] = anyNull && isNull[i] ? 0 : int32 ? bytes.getInt() : bytes.getLong();
        }
      }
    } else if (isDictionaryIds(encoding)) {
      long[] lookup = dictionaryValues();
      RunLengthBitPackingHybridDecoder ids = dictionaryIds(in);
      for (int i = 0; i < count; i++) {
        longs[at + i] = anyNull && isNull[i] ? 0 : lookup[ids.readInt()];
      }
    } else {
      ValuesReader reader = valuesReader(encoding, in, count);
      for (int i = 0; i < count; i++) {
        longs[at + i] = anyNull && isNull[i] ? 0 : int32 ? reader.readInteger() : reader.readLong();
      }
    }
    out.size = end;
  }

  private long[] dictionaryValues() {
    if (dictionaryValues == null) {
      Dictionary d = dictionary();
      long[] values = new long[d.getMaxId() + 1];
      for (int id = 0; id < values.length; id++) {
        values[id] = int32 ? d.decodeToInt(id) : d.decodeToLong(id);
      }
      dictionaryValues = values;
    }
    return dictionaryValues;
  }
}
