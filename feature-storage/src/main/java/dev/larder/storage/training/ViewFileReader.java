package dev.larder.storage.training;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
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
import org.apache.parquet.io.api.Binary;
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
      ColumnDescriptor[] keyColumns = new ColumnDescriptor[joinKeys.size()];
      ColumnVector[] keys = new ColumnVector[keyColumns.length];
      for (int k = 0; k < keys.length; k++) {
        keyColumns[k] = column(projection, joinKeys.get(k).name());
        keys[k] = new ColumnVector(keyKind(keyColumns[k]), 0);
      }
      boolean binaryKey = keys.length == 1 && BinaryKeyChunk.handles(keyColumns[0]);
      int[] keyIds = new int[0];
      boolean[] wanted = new boolean[0];
      ColumnVector eventTimes = new ColumnVector(ColumnVector.Kind.INT64, 0);
      ColumnVector createdTimes = new ColumnVector(ColumnVector.Kind.INT64, 0);
      ColumnDescriptor[] flat = new ColumnDescriptor[features.length];
      ColumnVector[] flatValues = new ColumnVector[features.length];
      for (int f = 0; f < features.length; f++) {
        Feature feature = view.features().get(features[f]);
        ColumnVector.Kind kind = out.features[f].kind;
        if (present[f] && ValueColumns.elementType(feature.type()) == null) {
          ColumnDescriptor c = column(projection, feature.name());
          if (kind != ColumnVector.Kind.OBJECT && FlatColumnChunk.handles(c, kind)) {
            flat[f] = c;
            flatValues[f] = new ColumnVector(kind, 0);
          }
        }
      }
      for (BlockMetaData block : reader.getRowGroups()) {
        if (!mayHold(block, minEvent, maxEvent)) {
          reader.skipNextRowGroup();
          rowInFile += block.getRowCount();
          continue;
        }
        PageReadStore pages = reader.readNextRowGroup();
        int rows = Math.toIntExact(pages.getRowCount());
        if (binaryKey) {
          keyIds = BinaryKeyChunk.entityIds(pages, keyColumns[0], entities, keyIds);
        } else {
          keyIds = keyIds.length >= rows ? keyIds : new int[rows];
          for (int k = 0; k < keys.length; k++) {
            keys[k].clear();
            FlatColumnChunk.decode(pages, keyColumns[k], keys[k]);
          }
          for (int r = 0; r < rows; r++) {
            keyIds[r] = keyId(keys, r, encoder, entities);
          }
        }
        eventTimes.clear();
        FlatColumnChunk.decode(pages, column(projection, TableLayout.EVENT_TIMESTAMP), eventTimes);
        createdTimes.clear();
        FlatColumnChunk.decode(
            pages, column(projection, TableLayout.CREATED_TIMESTAMP), createdTimes);
        wanted = wanted.length >= rows ? wanted : new boolean[rows];
        int wantedRows = 0;
        out.reserve(rows);
        for (int r = 0; r < rows; r++) {
          long event = eventTimes.longs[r];
          wanted[r] =
              keyIds[r] >= 0 && !eventTimes.nulls[r] && event >= minEvent && event <= maxEvent;
          if (wanted[r]) {
            out.addRow(
                keyIds[r],
                event,
                createdTimes.longs[r],
                ((long) fileIndex << 32) | (rowInFile + r));
            wantedRows++;
          }
        }
        rowInFile += rows;
        ColumnReadStoreImpl store = null;
        for (int f = 0; f < features.length; f++) {
          ColumnVector target = out.features[f];
          if (!present[f]) {
            for (int n = 0; n < wantedRows; n++) {
              target.appendNull();
            }
          } else if (flat[f] != null) {
            flatValues[f].clear();
            FlatColumnChunk.decode(pages, flat[f], flatValues[f]);
            if (wantedRows == rows) {
              target.appendAll(flatValues[f]);
            } else {
              appendWanted(flatValues[f], wanted, target);
            }
          } else {
            if (store == null) {
              store = ColumnCursor.store(pages, projection, createdBy);
            }
            ColumnCursor values = cursor(store, projection, view.features().get(features[f]));
            for (int r = 0; r < rows; r++) {
              if (wanted[r]) {
                values.readInto(target);
              } else {
                values.skip();
              }
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
   * Appends the rows of {@code values} that are {@code wanted}. Byte strings decoded from a plain
   * page are copied: each is a slice of the whole page, which should not stay in memory for the few
   * rows of it a training set keeps. Dictionary entries are shared by their rows, not copied per
   * row (a million byte arrays of a low-cardinality column for the young collections to copy).
   */
  private static void appendWanted(ColumnVector values, boolean[] wanted, ColumnVector target) {
    boolean binary = values.kind == ColumnVector.Kind.BINARY && values.pageSlices;
    for (int r = 0; r < values.size; r++) {
      if (!wanted[r]) {
        continue;
      }
      if (binary && !values.nulls[r]) {
        target.appendBinary(Binary.fromConstantByteArray(values.binaries[r].getBytes()));
      } else {
        target.appendFrom(values, r);
      }
    }
  }

  /**
   * The entity id of row {@code r}'s join keys, one value from each of {@code keys}; -1 when a key
   * is null or the entity unknown.
   */
  private static int keyId(ColumnVector[] keys, int r, KeyEncoder encoder, KeyDictionary entities) {
    encoder.reset();
    for (ColumnVector key : keys) {
      if (!encoder.add(key, r)) {
        return -1;
      }
    }
    return entities.find(encoder.buffer(), encoder.length());
  }

  /**
   * The kind of vector a join-key column is read into.
   *
   * @throws OfflineStoreException if the column holds neither whole numbers nor strings
   */
  private static ColumnVector.Kind keyKind(ColumnDescriptor column) {
    PrimitiveTypeName physical = column.getPrimitiveType().getPrimitiveTypeName();
    ColumnVector.Kind kind =
        physical == PrimitiveTypeName.BINARY ? ColumnVector.Kind.BINARY : ColumnVector.Kind.INT64;
    if (!FlatColumnChunk.handles(column, kind)) {
      throw new OfflineStoreException(
          "join key column "
              + String.join(".", column.getPath())
              + " is "
              + column.getPrimitiveType()
              + ": neither a whole number nor a string");
    }
    return kind;
  }

  /** A cursor over a feature's column: flat, or the elements of a list. */
  private static ColumnCursor cursor(
      ColumnReadStoreImpl store, MessageType projection, Feature feature) {
    ValueType element = ValueColumns.elementType(feature.type());
    return element == null
        ? ColumnCursor.flat(store, column(projection, feature.name()))
        : ColumnCursor.list(
            store,
            projection.getColumnDescription(new String[] {feature.name(), "list", "element"}),
            element);
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
