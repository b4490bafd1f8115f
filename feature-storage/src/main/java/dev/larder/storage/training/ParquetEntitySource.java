package dev.larder.storage.training;

import dev.larder.registry.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * An entity file in Parquet, read one row group at a time straight from its column pages, only the
 * columns asked for. Flat columns only. The event time may be a timestamp of any unit (with or
 * without UTC adjustment: naive times are UTC), an INT96 timestamp, a date, or RFC 3339 text.
 */
final class ParquetEntitySource implements EntitySource {

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long JULIAN_EPOCH_DAY = 2_440_588;

  private final Path file;
  private final MessageType schema;
  private final List<EntityColumn> columns = new ArrayList<>();

  ParquetEntitySource(Path file) {
    this.file = file;
    try (ParquetFileReader reader = open()) {
      this.schema = reader.getFooter().getFileMetaData().getSchema();
    } catch (IOException e) {
      throw new InvalidArgumentException("entities: cannot read " + file + ": " + e.getMessage());
    }
    for (Type field : schema.getFields()) {
      if (!field.isPrimitive() || field.isRepetition(Repetition.REPEATED)) {
        throw new InvalidArgumentException(
            "entities: column '" + field.getName() + "' is nested; entity files take flat columns");
      }
      PrimitiveType type = field.asPrimitiveType();
      if (field.getName().equals(EVENT_TIMESTAMP)) {
        type =
            Types.primitive(PrimitiveTypeName.INT64, Repetition.REQUIRED)
                .as(
                    LogicalTypeAnnotation.timestampType(
                        true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named(EVENT_TIMESTAMP);
      }
      columns.add(new EntityColumn(field.getName(), type, kindOf(type.getPrimitiveTypeName())));
    }
  }

  @Override
  public List<EntityColumn> columns() {
    return columns;
  }

  @Override
  public void read(boolean[] wanted, Consumer<EntityBatch> consumer) {
    List<Type> projected = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      if (wanted[c]) {
        projected.add(schema.getType(c));
      }
    }
    MessageType projection = new MessageType(schema.getName(), projected);
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (int c = 0; c < vectors.length; c++) {
      if (wanted[c]) {
        vectors[c] = new ColumnVector(columns.get(c).kind(), 1 << 16);
      }
    }
    try (ParquetFileReader reader = open()) {
      reader.setRequestedSchema(projection);
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      long first = 0;
      for (PageReadStore pages = reader.readNextRowGroup();
          pages != null;
          pages = reader.readNextRowGroup()) {
        int rows = Math.toIntExact(pages.getRowCount());
        for (int c = 0; c < vectors.length; c++) {
          if (vectors[c] != null) {
            vectors[c].clear();
            String name = columns.get(c).name();
            ColumnDescriptor column = projection.getColumnDescription(new String[] {name});
            PrimitiveType type = schema.getType(c).asPrimitiveType();
            if (name.equals(EVENT_TIMESTAMP) && isWholeNumberTime(type)) {
              FlatColumnChunk.decode(pages, column, vectors[c]);
              toMicros(type, first, vectors[c]);
            } else if (name.equals(EVENT_TIMESTAMP)) {
              ColumnReadStoreImpl store = ColumnCursor.store(pages, projection, createdBy);
              readEventTimes(ColumnCursor.flat(store, column), type, rows, first, vectors[c]);
            } else {
              FlatColumnChunk.decode(pages, column, vectors[c]);
            }
          }
        }
        consumer.accept(new EntityBatch(first, rows, vectors));
        first += rows;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** True for an INT64 timestamp or an INT32 date: times that {@link #toMicros} converts. */
  private static boolean isWholeNumberTime(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    return (physical == PrimitiveTypeName.INT64
            && logical instanceof TimestampLogicalTypeAnnotation)
        || (physical == PrimitiveTypeName.INT32
            && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation);
  }

  /**
   * Turns the event times in {@code times} (INT64 timestamps or INT32 dates, see {@link
   * #isWholeNumberTime}) into microseconds in place.
   *
   * @throws InvalidArgumentException if a time is null
   */
  private static void toMicros(PrimitiveType type, long first, ColumnVector times) {
    long[] v = times.longs;
    for (int r = 0; r < times.size; r++) {
      if (times.nulls[r]) {
        throw new InvalidArgumentException(
            "entities: row " + (first + r + 1) + " has no " + EVENT_TIMESTAMP);
      }
    }
    if (type.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts) {
      switch (ts.getUnit()) {
        case MILLIS -> {
          for (int r = 0; r < times.size; r++) {
            v[r] = Math.multiplyExact(v[r], 1000L);
          }
        }
        case MICROS -> {}
        case NANOS -> {
          for (int r = 0; r < times.size; r++) {
            v[r] = Math.floorDiv(v[r], 1000L);
          }
        }
      }
    } else {
      for (int r = 0; r < times.size; r++) {
        v[r] = v[r] * MICROS_PER_DAY;
      }
    }
  }

  /** Reads event times that are INT96 timestamps or RFC 3339 text, or rejects the column. */
  private void readEventTimes(
      ColumnCursor cursor, PrimitiveType type, int rows, long first, ColumnVector out) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    for (int r = 0; r < rows; r++) {
      if (cursor.isNull()) {
        throw new InvalidArgumentException(
            "entities: row " + (first + r + 1) + " has no " + EVENT_TIMESTAMP);
      }
      long micros;
      if (physical == PrimitiveTypeName.INT96) {
        micros = int96Micros(cursor.getBinary());
      } else if (physical == PrimitiveTypeName.BINARY
          && logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
        String text = cursor.getBinary().toStringUsingUTF8();
        try {
          micros = EventTimes.parseMicros(text);
        } catch (RuntimeException e) {
          throw new InvalidArgumentException(
              "entities: row "
                  + (first + r + 1)
                  + ": "
                  + EVENT_TIMESTAMP
                  + " '"
                  + text
                  + "' is not a timestamp");
        }
      } else {
        throw new InvalidArgumentException(
            "entities: column "
                + EVENT_TIMESTAMP
                + " is "
                + type
                + "; expected a timestamp, a date or RFC 3339 text");
      }
      out.appendLong(micros);
      cursor.next();
    }
  }

  /** INT96 timestamps: nanoseconds of the day, then the Julian day, little-endian. */
  private static long int96Micros(Binary value) {
    ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanos = b.getLong();
    int julianDay = b.getInt();
    return (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + nanos / 1000;
  }

  private ParquetFileReader open() throws IOException {
    return ParquetReaders.open(file.toUri());
  }

  private static ColumnVector.Kind kindOf(PrimitiveTypeName physical) {
    return switch (physical) {
      case BOOLEAN -> ColumnVector.Kind.BOOLEAN;
      case INT32 -> ColumnVector.Kind.INT32;
      case INT64 -> ColumnVector.Kind.INT64;
      case FLOAT -> ColumnVector.Kind.FLOAT;
      case DOUBLE -> ColumnVector.Kind.DOUBLE;
      default -> ColumnVector.Kind.BINARY;
    };
  }
}
