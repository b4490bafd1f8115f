package dev.larder.storage.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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

/**
 * Decodes one flat column chunk (neither repeated nor nested) of a row group a page at a time, the
 * way the training set reads the columns it needs for every row. Parquet's {@link
 * org.apache.parquet.column.ColumnReader} pays level and state bookkeeping for each value, which on
 * the training-set benchmark's files costs more than fetching and decompressing the pages. Here the
 * pages are walked and their counts checked once, each page's definition levels become null flags
 * in one loop, and a subclass turns the page's values into what it needs: it decodes the encodings
 * it has a fast path for and hands any other to {@link #valuesReader}, parquet's own decoder for
 * it, so every file parquet-java reads is read.
 *
 * <p>One instance decodes one column chunk; it is not thread-safe.
 */
abstract class FlatColumnPages {

  private static final int PLAIN_LENGTH_BYTES = 4;

  /** The column being decoded. */
  final ColumnDescriptor column;

  /**
   * Row {@code i} of the current page is null when {@code nulls[i]}; meaningful only while {@link
   * #values} is given fewer non-null values than rows.
   */
  boolean[] nulls = new boolean[0];

  /**
   * Where each value of the page last split by {@link #splitPlainBinary} starts (-1 for a null),
   * and its length.
   */
  int[] valueStarts = new int[0];

  int[] valueLengths = new int[0];

  private final boolean optional;
  private Dictionary dictionary;

  FlatColumnPages(ColumnDescriptor column) {
    if (!isFlat(column)) {
      throw new IllegalArgumentException("not a flat column: " + column);
    }
    this.column = column;
    this.optional = column.getMaxDefinitionLevel() > 0;
  }

  /** True when the column is neither repeated nor nested: one value or null per row. */
  static boolean isFlat(ColumnDescriptor column) {
    return column.getMaxRepetitionLevel() == 0 && column.getMaxDefinitionLevel() <= 1;
  }

  /**
   * Decodes every page of the column in the row group, in order, calling {@link #values} for each.
   *
   * @throws ParquetDecodingException if the pages are corrupt or hold another number of values than
   *     the row group has rows
   */
  final void decode(PageReadStore pages) {
    PageReader reader = pages.getPageReader(column);
    int rows = Math.toIntExact(pages.getRowCount());
    if (reader.getTotalValueCount() != rows) {
      throw new ParquetDecodingException(
          column + " holds " + reader.getTotalValueCount() + " values for " + rows + " rows");
    }
    try {
      DictionaryPage dictionaryPage = reader.readDictionaryPage();
      dictionary =
          dictionaryPage == null
              ? null
              : dictionaryPage.getEncoding().initDictionary(column, dictionaryPage);
      int read = 0;
      while (read < rows) {
        DataPage page = reader.readPage();
        if (page == null) {
          throw new ParquetDecodingException(column + " ends after " + read + " of " + rows);
        }
        int count = page.getValueCount();
        if (read + count > rows) {
          throw new ParquetDecodingException(
              column + " has more values than its " + rows + " rows");
        }
        if (page instanceof DataPageV1 v1) {
          ByteBufferInputStream in = v1.getBytes().toInputStream();
          ValuesReader levels =
              v1.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
          levels.initFromPage(count, in);
          int nonNull = optional ? nullFlags(count, levels::readInteger) : count;
          values(v1.getValueEncoding(), in, read, count, nonNull);
        } else {
          DataPageV2 v2 = (DataPageV2) page;
          int nonNull = count;
          if (optional) {
            RunLengthBitPackingHybridDecoder levels =
                new RunLengthBitPackingHybridDecoder(
                    BytesUtils.getWidthFromMaxInt(column.getMaxDefinitionLevel()),
                    v2.getDefinitionLevels().toInputStream());
            nonNull = nullFlags(count, levels::readInt);
          }
          values(v2.getDataEncoding(), v2.getData().toInputStream(), read, count, nonNull);
        }
        read += count;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + column, e);
    }
  }

  /**
   * Takes one page's values: rows {@code start} to {@code start + count} of the row group, of which
   * {@code nonNull} are not null (see {@link #nulls}), encoded with {@code encoding} in {@code in}.
   */
  abstract void values(
      Encoding encoding, ByteBufferInputStream in, int start, int count, int nonNull)
      throws IOException;

  /**
   * Splits a page of plain byte strings (each a little-endian length, then its bytes) into {@link
   * #valueStarts} and {@link #valueLengths}, positions in the array returned: the page's own array
   * when it has one and {@code copy} is false (for reading during this call only), a copy of the
   * page otherwise (which values may keep).
   *
   * @throws ParquetDecodingException if a length runs past the page
   */
  final byte[] splitPlainBinary(ByteBufferInputStream in, int count, boolean anyNull, boolean copy)
      throws IOException {
    int length = in.available();
    ByteBuffer page = in.slice(length);
    byte[] bytes;
    int offset;
    if (page.hasArray() && !copy) {
      bytes = page.array();
      offset = page.arrayOffset() + page.position();
    } else {
      bytes = new byte[length];
      page.get(bytes);
      offset = 0;
    }
    int end = offset + length;
    if (valueStarts.length < count) {
      valueStarts = new int[count];
      valueLengths = new int[count];
    }
    for (int i = 0; i < count; i++) {
      if (anyNull && nulls[i]) {
        valueStarts[i] = -1;
        continue;
      }
      if (end - offset < PLAIN_LENGTH_BYTES) {
        throw new ParquetDecodingException(column + " has a page shorter than its values");
      }
      int n =
          (bytes[offset] & 0xff)
              | (bytes[offset + 1] & 0xff) << 8
              | (bytes[offset + 2] & 0xff) << 16
              | (bytes[offset + 3] & 0xff) << 24;
      offset += PLAIN_LENGTH_BYTES;
      if (n < 0 || n > end - offset) {
        throw new ParquetDecodingException(column + " has a value of bad length " + n);
      }
      valueStarts[i] = offset;
      valueLengths[i] = n;
      offset += n;
    }
    return bytes;
  }

  /** True for the encodings that {@link #dictionaryIds} reads. */
  static boolean isDictionaryIds(Encoding encoding) {
    return encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY;
  }

  /** The dictionary ids of a dictionary-encoded page, one per non-null row. */
  static RunLengthBitPackingHybridDecoder dictionaryIds(ByteBufferInputStream in)
      throws IOException {
    return new RunLengthBitPackingHybridDecoder(BytesUtils.readIntLittleEndianOnOneByte(in), in);
  }

  /** Parquet's decoder of {@code encoding}, positioned on the page's values. */
  final ValuesReader valuesReader(Encoding encoding, ByteBufferInputStream in, int count)
      throws IOException {
    ValuesReader reader =
        encoding.usesDictionary()
            ? encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary())
            : encoding.getValuesReader(column, ValuesType.VALUES);
    reader.initFromPage(count, in);
    return reader;
  }

  /**
   * The column chunk's dictionary.
   *
   * @throws ParquetDecodingException if the chunk has none
   */
  final Dictionary dictionary() {
    if (dictionary == null) {
      throw new ParquetDecodingException(
          column + " has dictionary-encoded pages but no dictionary");
    }
    return dictionary;
  }

  /** Sets {@link #nulls} from the page's definition levels and returns the non-null count. */
  private int nullFlags(int count, Levels levels) throws IOException {
    if (nulls.length < count) {
      nulls = new boolean[count];
    }
    boolean[] isNull = nulls;
    int nonNull = count;
    for (int i = 0; i < count; i++) {
      boolean n = levels.next() == 0;
      isNull[i] = n;
      nonNull -= n ? 1 : 0;
    }
    return nonNull;
  }

  /** The definition levels of a page, one per row. */
  @FunctionalInterface
  private interface Levels {
    int next() throws IOException;
  }
}
