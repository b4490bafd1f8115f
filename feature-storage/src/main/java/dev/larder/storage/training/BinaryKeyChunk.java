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
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Maps the single BINARY join key of every row of one row group to its entity id in a {@link
 * KeyDictionary}, decoding the column chunk a page at a time: the string join key of the
 * training-set benchmark's views, read for every row. Each dictionary entry is looked up once and
 * dictionary-encoded rows map through an {@code int[]}; plain values are looked up straight from
 * the page's bytes, with no {@link Binary} per row. Other value encodings go through parquet's own
 * {@link ValuesReader}. A key is looked up as {@link KeyEncoder#addBinary} encodes it, so each row
 * gets what {@code entities.find} gives for that encoding; a null key gets -1. Stateless and
 * thread-safe.
 */
final class BinaryKeyChunk {

  private BinaryKeyChunk() {}

  /** True when {@link #entityIds} reads {@code column}: BINARY, neither repeated nor nested. */
  static boolean handles(ColumnDescriptor column) {
    return column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        && column.getMaxRepetitionLevel() == 0
        && column.getMaxDefinitionLevel() <= 1;
  }

  /**
   * The entity id of each row of the row group, in {@code reuse} when it is long enough and in a
   * new array otherwise: {@code entities.find} of the row's key encoded as the only key, or -1 when
   * the key is null or unknown. Only the first {@code pages.getRowCount()} entries are set.
   *
   * @throws IllegalArgumentException if {@link #handles} is false for the column
   * @throws ParquetDecodingException if the pages are corrupt or hold another number of values than
   *     the row group has rows
   */
  static int[] entityIds(
      PageReadStore pages, ColumnDescriptor column, KeyDictionary entities, int[] reuse) {
    if (!handles(column)) {
      throw new IllegalArgumentException("not a flat BINARY column: " + column);
    }
    PageReader reader = pages.getPageReader(column);
    int rows = Math.toIntExact(pages.getRowCount());
    if (reader.getTotalValueCount() != rows) {
      throw new ParquetDecodingException(
          column + " holds " + reader.getTotalValueCount() + " values for " + rows + " rows");
    }
    int[] ids = reuse != null && reuse.length >= rows ? reuse : new int[rows];
    Decoder decoder = new Decoder(column, reader.readDictionaryPage(), entities, ids);
    try {
      int read = 0;
      while (read < rows) {
        DataPage page = reader.readPage();
        if (page == null) {
          throw new ParquetDecodingException(column + " ends after " + read + " of " + rows);
        }
        if (read + page.getValueCount() > rows) {
          throw new ParquetDecodingException(
              column + " has more values than its " + rows + " rows");
        }
        if (page instanceof DataPageV1 v1) {
          decoder.pageV1(v1, read);
        } else {
          decoder.pageV2((DataPageV2) page, read);
        }
        read += page.getValueCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + column, e);
    }
    return ids;
  }

  /** The state of decoding one column chunk. */
  private static final class Decoder {

    private static final int LENGTH_BYTES = 4;

    private final ColumnDescriptor column;
    private final boolean optional;
    private final Dictionary dictionary;
    private final KeyDictionary entities;
    private final int[] ids;

    /** Row {@code i} of the current page is null when {@code nulls[i]} (optional columns only). */
    private boolean[] nulls = new boolean[0];

    /** The key being looked up: its length (big-endian, as {@link KeyEncoder} writes it), bytes. */
    private byte[] key = new byte[64];

    private int[] dictionaryIds;

    Decoder(
        ColumnDescriptor column, DictionaryPage dictionaryPage, KeyDictionary entities, int[] ids) {
      this.column = column;
      this.optional = column.getMaxDefinitionLevel() > 0;
      this.entities = entities;
      this.ids = ids;
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

    void pageV1(DataPageV1 page, int start) throws IOException {
      int count = page.getValueCount();
      ByteBufferInputStream in = page.getBytes().toInputStream();
      ValuesReader levels =
          page.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
      levels.initFromPage(count, in);
      int nonNull = count;
      if (optional) {
        boolean[] isNull = nullFlags(count);
        for (int i = 0; i < count; i++) {
          isNull[i] = levels.readInteger() == 0;
          nonNull -= isNull[i] ? 1 : 0;
        }
      }
      values(page.getValueEncoding(), in, start, count, nonNull);
    }

    void pageV2(DataPageV2 page, int start) throws IOException {
      int count = page.getValueCount();
      int nonNull = count;
      if (optional) {
        RunLengthBitPackingHybridDecoder levels =
            new RunLengthBitPackingHybridDecoder(
                BytesUtils.getWidthFromMaxInt(column.getMaxDefinitionLevel()),
                page.getDefinitionLevels().toInputStream());
        boolean[] isNull = nullFlags(count);
        for (int i = 0; i < count; i++) {
          isNull[i] = levels.readInt() == 0;
          nonNull -= isNull[i] ? 1 : 0;
        }
      }
      values(page.getDataEncoding(), page.getData().toInputStream(), start, count, nonNull);
    }

    /**
     * Sets {@code ids[start, start + count)} from the page's {@code nonNull} values, in the rows
     * that are not null.
     */
    private void values(
        Encoding encoding, ByteBufferInputStream in, int start, int count, int nonNull)
        throws IOException {
      boolean anyNull = nonNull < count;
      if (nonNull == 0) {
        Arrays.fill(ids, start, start + count, -1);
      } else if (encoding == Encoding.PLAIN) {
        ByteBuffer bytes = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
          ids[start + i] = anyNull && nulls[i] ? -1 : findPlain(bytes);
        }
      } else if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
        int[] lookup = dictionaryIds();
        RunLengthBitPackingHybridDecoder values =
            new RunLengthBitPackingHybridDecoder(BytesUtils.readIntLittleEndianOnOneByte(in), in);
        for (int i = 0; i < count; i++) {
          ids[start + i] = anyNull && nulls[i] ? -1 : lookup[values.readInt()];
        }
      } else {
        ValuesReader reader =
            encoding.usesDictionary()
                ? encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary())
                : encoding.getValuesReader(column, ValuesType.VALUES);
        reader.initFromPage(count, in);
        for (int i = 0; i < count; i++) {
          ids[start + i] = anyNull && nulls[i] ? -1 : find(reader.readBytes());
        }
      }
    }

    /**
     * Looks up the plain-encoded value at the buffer's position (a little-endian length, bytes).
     */
    private int findPlain(ByteBuffer bytes) {
      int n = bytes.getInt();
      byte[] k = keyOfLength(n);
      bytes.get(k, LENGTH_BYTES, n);
      return entities.find(k, LENGTH_BYTES + n);
    }

    private int find(Binary value) {
      int n = value.length();
      byte[] k = keyOfLength(n);
      value.toByteBuffer().get(k, LENGTH_BYTES, n);
      return entities.find(k, LENGTH_BYTES + n);
    }

    /** The key buffer, long enough for a value of {@code n} bytes, with that length written. */
    private byte[] keyOfLength(int n) {
      if (n < 0) {
        throw new ParquetDecodingException(column + " has a value of negative length " + n);
      }
      if (LENGTH_BYTES + n > key.length) {
        key = new byte[Math.max(key.length * 2, LENGTH_BYTES + n)];
      }
      byte[] k = key;
      k[0] = (byte) (n >>> 24);
      k[1] = (byte) (n >>> 16);
      k[2] = (byte) (n >>> 8);
      k[3] = (byte) n;
      return k;
    }

    private boolean[] nullFlags(int count) {
      if (nulls.length < count) {
        nulls = new boolean[count];
      }
      return nulls;
    }

    private Dictionary dictionary() {
      if (dictionary == null) {
        throw new ParquetDecodingException(
            column + " has dictionary-encoded pages but no dictionary");
      }
      return dictionary;
    }

    private int[] dictionaryIds() {
      if (dictionaryIds == null) {
        Dictionary d = dictionary();
        int[] lookup = new int[d.getMaxId() + 1];
        for (int id = 0; id < lookup.length; id++) {
          lookup[id] = find(d.decodeToBinary(id));
        }
        dictionaryIds = lookup;
      }
      return dictionaryIds;
    }
  }
}
