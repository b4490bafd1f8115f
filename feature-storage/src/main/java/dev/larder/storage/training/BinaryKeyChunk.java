package dev.larder.storage.training;

import java.io.IOException;
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
 * Maps the single BINARY join key of every row of one row group to its entity id in a {@link
 * KeyDictionary}, decoding the column chunk a page at a time (see {@link FlatColumnPages}): the
 * string join key of the training-set benchmark's views, read for every row. Each dictionary entry
 * is looked up once and dictionary-encoded rows map through an {@code int[]}; the keys of a plain
 * page are looked up together straight from the page's bytes ({@link KeyDictionary#findStrings}),
 * with no {@link Binary} per row. A key is looked up as {@link KeyEncoder#addBinary} encodes it, so
 * each row gets what {@code entities.find} gives for that encoding; a null key gets -1.
 */
final class BinaryKeyChunk extends FlatColumnPages {

  private final KeyDictionary entities;
  private final int[] ids;
  private final KeyEncoder encoder = new KeyEncoder();
  private final KeyDictionary.Scratch scratch = new KeyDictionary.Scratch();
  private int[] dictionaryIds;

  private BinaryKeyChunk(ColumnDescriptor column, KeyDictionary entities, int[] ids) {
    super(column);
    this.entities = entities;
    this.ids = ids;
  }

  /** True when {@link #entityIds} reads {@code column}: BINARY, neither repeated nor nested. */
  static boolean handles(ColumnDescriptor column) {
    return column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        && isFlat(column);
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
    int rows = Math.toIntExact(pages.getRowCount());
    int[] ids = reuse != null && reuse.length >= rows ? reuse : new int[rows];
    new BinaryKeyChunk(column, entities, ids).decode(pages);
    return ids;
  }

  @Override
  void values(Encoding encoding, ByteBufferInputStream in, int start, int count, int nonNull)
      throws IOException {
    boolean anyNull = nonNull < count;
    boolean[] isNull = nulls;
    if (nonNull == 0) {
      Arrays.fill(ids, start, start + count, -1);
    } else if (encoding == Encoding.PLAIN) {
      findPlain(in, start, count, anyNull);
    } else if (isDictionaryIds(encoding)) {
      int[] lookup = dictionaryIds();
      RunLengthBitPackingHybridDecoder values = dictionaryIds(in);
      for (int i = 0; i < count; i++) {
        ids[start + i] = anyNull && isNull[i] ? -1 : lookup[values.readInt()];
      }
    } else {
      ValuesReader reader = valuesReader(encoding, in, count);
      for (int i = 0; i < count; i++) {
        ids[start + i] = anyNull && isNull[i] ? -1 : find(reader.readBytes());
      }
    }
  }

  /** Looks up a plain-encoded page's keys all at once, straight from the page's bytes. */
  private void findPlain(ByteBufferInputStream in, int start, int count, boolean anyNull)
      throws IOException {
    byte[] bytes = splitPlainBinary(in, count, anyNull, false);
    entities.findStrings(bytes, valueStarts, valueLengths, count, ids, start, scratch);
  }

  /** The id of one key, encoded as the entity side encodes it. */
  private int find(Binary value) {
    encoder.reset();
    encoder.addBinary(value);
    return entities.find(encoder.buffer(), encoder.length());
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
