package dev.larder.storage.training;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.DataFile;
import dev.larder.storage.offline.OfflineStoreException;
import dev.larder.storage.offline.delta.TableLayout;
import dev.larder.storage.offline.delta.ValueColumns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of a view's data file that a training set can use into {@link ViewRows}: only the
 * join keys, the two timestamps and the requested features are read (column projection), row groups
 * whose event-time statistics lie outside the wanted times are skipped, and rows of entities the
 * training set does not have are dropped as soon as their key is read. Thread-safe.
 */
final class ViewFileReader {

  /**
   * Adds the file's rows of known entities with an event time in {@code [minEvent, maxEvent]} to
   * {@code out}; each row's sequence number is {@code fileIndex} in the high 32 bits and its
   * position in the file in the low ones.
   *
   * @param features the positions in {@code view.features()} of the features to read
   * @throws OfflineStoreException if the file cannot be read
   */
  void read(
      FeatureView view,
      int[] features,
      DataFile file,
      int fileIndex,
      KeyDictionary entities,
      long minEvent,
      long maxEvent,
      ViewRows out) {
    try (ParquetFileReader reader = ParquetReaders.open(file.uri())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      List<JoinKey> joinKeys = view.joinKeys();
      List<Type> projected = new ArrayList<>();
      for (JoinKey key : joinKeys) {
        projected.add(schema.getType(key.name()));
      }
      projected.add(schema.getType(TableLayout.EVENT_TIMESTAMP));
      projected.add(schema.getType(TableLayout.CREATED_TIMESTAMP));
      boolean[] present = new boolean[features.length];
      for (int f = 0; f < features.length; f++) {
        String name = view.features().get(features[f]).name();
        // Files written before a feature was added lack its column: it reads as null.
        present[f] = schema.containsField(name) && !containsType(projected, name);
        if (present[f]) {
          projected.add(schema.getType(name));
        }
      }
      MessageType projection = new MessageType(schema.getName(), projected);
      reader.setRequestedSchema(projection);
      long rowInFile = 0;
      KeyEncoder encoder = new KeyEncoder();
      ColumnVector[] keys = new ColumnVector[joinKeys.size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = new ColumnVector(ColumnVector.Kind.INT64, 0);
      }
      ColumnDescriptor singleKey =
          keys.length == 1 ? column(projection, joinKeys.get(0).name()) : null;
      boolean binaryKey = singleKey != null && BinaryKeyChunk.handles(singleKey);
      int[] keyIds = null;
      ColumnVector eventTimes = new ColumnVector(ColumnVector.Kind.INT64, 0);
      ColumnVector createdTimes = new ColumnVector(ColumnVector.Kind.INT64, 0);
      for (BlockMetaData block : reader.getRowGroups()) {
        if (!mayHold(block, minEvent, maxEvent)) {
          reader.skipNextRowGroup();
          rowInFile += block.getRowCount();
          continue;
        }
        PageReadStore pages = reader.readNextRowGroup();
        ColumnReadStoreImpl store = ColumnCursor.store(pages, projection, createdBy);
        ColumnCursor[] cursors = new ColumnCursor[keys.length];
        if (binaryKey) {
          keyIds = BinaryKeyChunk.entityIds(pages, singleKey, entities, keyIds);
        }
        for (int k = 0; k < keys.length && !binaryKey; k++) {
          ColumnDescriptor key = column(projection, joinKeys.get(k).name());
          if (LongColumnChunk.handles(key)) {
            keys[k].clear();
            LongColumnChunk.decode(pages, key, keys[k]);
          } else {
            cursors[k] = ColumnCursor.flat(store, key);
          }
        }
        eventTimes.clear();
        LongColumnChunk.decode(pages, column(projection, TableLayout.EVENT_TIMESTAMP), eventTimes);
        createdTimes.clear();
        LongColumnChunk.decode(
            pages, column(projection, TableLayout.CREATED_TIMESTAMP), createdTimes);
        ColumnCursor[] values = new ColumnCursor[features.length];
        for (int f = 0; f < features.length; f++) {
          if (present[f]) {
            ValueType type = view.features().get(features[f]).type();
            String name = view.features().get(features[f]).name();
            ValueType element = ValueColumns.elementType(type);
            values[f] =
                element == null
                    ? ColumnCursor.flat(store, column(projection, name))
                    : ColumnCursor.list(
                        store,
                        projection.getColumnDescription(new String[] {name, "list", "element"}),
                        element);
          }
        }
        int rows = Math.toIntExact(pages.getRowCount());
        out.reserve(rows);
        for (int r = 0; r < rows; r++, rowInFile++) {
          int keyId = binaryKey ? keyIds[r] : keyId(cursors, keys, r, encoder, entities);
          long event = eventTimes.longs[r];
          long created = createdTimes.longs[r];
          boolean wanted =
              keyId >= 0 && !eventTimes.nulls[r] && event >= minEvent && event <= maxEvent;
          if (wanted) {
            out.addRow(keyId, event, created, ((long) fileIndex << 32) | rowInFile);
          }
          for (int f = 0; f < features.length; f++) {
            if (values[f] == null) {
              if (wanted) {
                out.features[f].appendNull();
              }
            } else if (wanted) {
              values[f].readInto(out.features[f]);
            } else {
              values[f].skip();
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new OfflineStoreException(
          "cannot read " + file.uri() + " of " + view.qualifiedName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The entity id of row {@code r}'s join keys, read one value at a time from {@code cursors}
   * (advanced past the row) or from {@code keys} where a key has no cursor; -1 when a key is null
   * or the entity unknown.
   */
  private static int keyId(
      ColumnCursor[] cursors,
      ColumnVector[] keys,
      int r,
      KeyEncoder encoder,
      KeyDictionary entities) {
    encoder.reset();
    boolean nullKey = false;
    for (int k = 0; k < keys.length; k++) {
      ColumnCursor cursor = cursors[k];
      if (cursor != null) {
        if (cursor.isNull()) {
          nullKey = true;
        } else if (cursor.physical() == PrimitiveTypeName.BINARY) {
          encoder.addBinary(cursor.getBinary());
        } else {
          encoder.addLong(cursor.getLong());
        }
        cursor.next();
      } else {
        nullKey |= keys[k].nulls[r];
        encoder.addLong(keys[k].longs[r]);
      }
    }
    return nullKey ? -1 : entities.find(encoder.buffer(), encoder.length());
  }

  private static boolean containsType(List<Type> types, String name) {
    for (Type t : types) {
      if (t.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static ColumnDescriptor column(MessageType schema, String name) {
    return schema.getColumnDescription(new String[] {name});
  }

  /** False when the row group's event-time statistics show no row in {@code [min, max]}. */
  private static boolean mayHold(BlockMetaData block, long min, long max) {
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (chunk.getPath().toDotString().equals(TableLayout.EVENT_TIMESTAMP)) {
        Statistics<?> stats = chunk.getStatistics();
        if (stats == null || !stats.hasNonNullValue()) {
          return true;
        }
        return (Long) stats.genericGetMax() >= min && (Long) stats.genericGetMin() <= max;
      }
    }
    return true;
  }
}
