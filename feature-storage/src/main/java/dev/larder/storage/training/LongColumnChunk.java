package dev.larder.storage.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes a flat INT32 or INT64 column of one row group a whole page at a time into a {@link
 * ColumnVector}: the join keys and times the training set reads for every row. Parquet's {@link
 * org.apache.parquet.column.ColumnReader} pays level and state bookkeeping for each value, which on
 * the training-set benchmark's view files costs more than fetching and decompressing the pages;
 * here levels are decoded into the null flags in one loop, plain values are copied in bulk and
 * dictionary ids looked up in a {@code long[]}. Other value encodings go through parquet's own
 * {@link ValuesReader} for the encoding, so every file parquet-java reads is read. Stateless and
 * thread-safe.
 */
final class LongColumnChunk {

  private LongColumnChunk() {}

  /**
   * True when {@link #decode} reads {@code column}: INT32 or INT64, neither repeated nor nested.
   */
  static boolean handles(ColumnDescriptor column) {
    PrimitiveTypeName physical = column.getPrimitiveType().getPrimitiveTypeName();
    return (physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.INT32)
        && column.getMaxRepetitionLevel() == 0
        && column.getMaxDefinitionLevel() <= 1;
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
    PageReader reader = pages.getPageReader(column);
    int rows = Math.toIntExact(pages.getRowCount());
    if (reader.getTotalValueCount() != rows) {
      throw new ParquetDecodingException(
          column + " holds " + reader.getTotalValueCount() + " values for " + rows + " rows");
    }
    out.reserve(rows);
    DictionaryPage dictionaryPage = reader.readDictionaryPage();
    Decoder decoder = new Decoder(column, dictionaryPage, out);
    try {
      int read = 0;
      while (read < rows) {
        DataPage page = reader.readPage();
        if (page == null) {
          throw new ParquetDecodingException(column + " ends after " + read + " of " + rows);
        }
        read += page.getValueCount();
        if (read > rows) {
          throw new ParquetDecodingException(
              column + " has more values than its " + rows + " rows");
        }
        if (page instanceof DataPageV1 v1) {
          decoder.pageV1(v1);
        } else {
          decoder.pageV2((DataPageV2) page);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + column, e);
    }
  }

  /** The state of decoding one column chunk. */
  private static final class Decoder {

    private final ColumnDescriptor column;
    private final boolean int32;
    private final boolean optional;
    private final Dictionary dictionary;
    private final ColumnVector out;
    private long[] dictionaryValues;

    Decoder(ColumnDescriptor column, DictionaryPage dictionaryPage, ColumnVector out) {
      this.column = column;
      this.int32 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
      this.optional = column.getMaxDefinitionLevel() > 0;
      this.out = out;
      if (dictionaryPage == null) {
        this.dictionary = null;
      } else {
        try {
          this.dictionary = dictionaryPage.getEncoding().initDictionary(column, dictionaryPage);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the dictionary of " + column, e);
        }
      }
    }

    void pageV1(DataPageV1 page) throws IOException {
      int count = page.getValueCount();
      ByteBufferInputStream in = page.getBytes().toInputStream();
      ValuesReader levels =
          page.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
      levels.initFromPage(count, in);
      int nonNull = count;
      if (optional) {
        boolean[] nulls = out.nulls;
        for (int i = out.size, end = out.size + count; i < end; i++) {
          boolean isNull = levels.readInteger() == 0;
          nulls[i] = isNull;
          nonNull -= isNull ? 1 : 0;
        }
      } else {
        Arrays.fill(out.nulls, out.size, out.size + count, false);
      }
      values(page.getValueEncoding(), in, count, nonNull);
    }

    void pageV2(DataPageV2 page) throws IOException {
      int count = page.getValueCount();
      int nonNull = count;
      if (optional) {
        RunLengthBitPackingHybridDecoder levels =
            new RunLengthBitPackingHybridDecoder(
                BytesUtils.getWidthFromMaxInt(column.getMaxDefinitionLevel()),
                page.getDefinitionLevels().toInputStream());
        boolean[] nulls = out.nulls;
        for (int i = out.size, end = out.size + count; i < end; i++) {
          boolean isNull = levels.readInt() == 0;
          nulls[i] = isNull;
          nonNull -= isNull ? 1 : 0;
        }
      } else {
        Arrays.fill(out.nulls, out.size, out.size + count, false);
      }
      values(page.getDataEncoding(), page.getData().toInputStream(), count, nonNull);
    }

    /**
     * Reads the page's {@code nonNull} values into the rows whose null flags (from {@code out.size}
     * on, {@code count} of them) are false, and moves {@code out.size} past the page.
     */
    private void values(Encoding encoding, ByteBufferInputStream in, int count, int nonNull)
        throws IOException {
      long[] longs = out.longs;
      boolean[] nulls = out.nulls;
      int start = out.size;
      int end = start + count;
      if (nonNull == 0) {
        Arrays.fill(longs, start, end, 0L);
      } else if (encoding == Encoding.PLAIN) {
        ByteBuffer bytes = in.slice(nonNull * (int32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        if (nonNull == count && !int32) {
          bytes.asLongBuffer().get(longs, start, count);
        } else {
          for (int i = start; i < end; i++) {
            longs[i] = nulls[i] ? 0 : int32 ? bytes.getInt() : bytes.getLong();
          }
        }
      } else if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
        long[] lookup = dictionaryValues();
        RunLengthBitPackingHybridDecoder ids =
            new RunLengthBitPackingHybridDecoder(BytesUtils.readIntLittleEndianOnOneByte(in), in);
        for (int i = start; i < end; i++) {
          longs[i] = nulls[i] ? 0 : lookup[ids.readInt()];
        }
      } else {
        ValuesReader reader =
            encoding.usesDictionary()
                ? encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary())
                : encoding.getValuesReader(column, ValuesType.VALUES);
        reader.initFromPage(count, in);
        for (int i = start; i < end; i++) {
          longs[i] = nulls[i] ? 0 : int32 ? reader.readInteger() : reader.readLong();
        }
      }
      out.size = end;
    }

    private Dictionary dictionary() {
      if (dictionary == null) {
        throw new ParquetDecodingException(
            column + " has dictionary-encoded pages but no dictionary");
      }
      return dictionary;
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
}
